/**
 * What {@link ProtocolProjectionReader.list} returns: one page of projections.
 *
 * @category Protocols
 */
export interface ProtocolProjectionReaderPage<TProjection> {
  /** The projections of this page, in the reader's stable order. */
  readonly items: readonly TProjection[];
  /** Cursor for the next page, or `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Filter and paging of {@link ProtocolProjectionReader.list}.
 *
 * @category Protocols
 */
export interface ProtocolProjectionReaderListOptions {
  /** Field equality filter: every given field must equal the given value. */
  readonly filter?: Readonly<Record<string, string | number | boolean | null>> | undefined;
  /** Maximum number of items per page; the reader's default when absent. */
  readonly limit?: number | undefined;
  /** Cursor from a previous page; the first page when absent. */
  readonly cursor?: string | undefined;
}

/**
 * Read side of a projection (the queryable state built by a {@link ProtocolProjector}).
 *
 * @typeParam TProjection - the projection's row type.
 * @category Protocols
 */
export interface ProtocolProjectionReader<TProjection> {
  /** The projection of entity `id`, or `null` when there is none. */
  get(id: string): Promise<TProjection | null>;

  /** A page of projections matching `options.filter`. */
  list(options?: ProtocolProjectionReaderListOptions): Promise<ProtocolProjectionReaderPage<TProjection>>;
}
