/**
 * Integrity and ordering of a workflow's step graph (edges are `depends_on`): duplicate ids, unknown or self
 * dependencies, cycles; a deterministic topological order and the parallel levels. Used by the contract linter
 * and by the orchestrator before it runs a workflow.
 * @module
 */

/** What is wrong with a workflow graph. @category Contracts */
export type WorkflowGraphIssueKind = "duplicate_id" | "unknown_dependency" | "cycle" | "self_dependency";

/**
 * One graph problem. `index` is the position of the offending step in the input list.
 *
 * @category Contracts
 */
export interface WorkflowGraphIssue {
  /** What is wrong. */
  readonly kind: WorkflowGraphIssueKind;
  /** Id of the offending step (for a cycle: its first step in declaration order). */
  readonly nodeId: string;
  /** Index of the offending step in the input. */
  readonly index: number;
  /** Human-readable explanation. */
  readonly message: string;
  /** For `unknown_dependency`/`self_dependency`: the dependency as written, and its index in `depends_on`. */
  readonly dependency?: string;
  /** Index of {@link WorkflowGraphIssue.dependency} in the step's `depends_on`. */
  readonly dependencyIndex?: number;
  /** For `cycle`: the steps of the cycle, starting at `nodeId`, each depending on the next (the last on the first). */
  readonly cycle?: string[];
}

/**
 * Result of {@link analyzeWorkflowGraph}.
 *
 * @category Contracts
 */
export interface WorkflowGraphAnalysis {
  /** Topological order (dependencies first; ties broken by declaration order); empty when there are issues. */
  readonly order: string[];
  /** Steps grouped by depth: level 0 has no dependencies, level n depends on level n-1 at most; empty on issues. */
  readonly levels: string[][];
  /** Problems found; empty for a valid graph. */
  readonly issues: WorkflowGraphIssue[];
}

/** A step as the analysis needs it. @category Contracts */
export interface WorkflowGraphNode {
  /** Unique id. */
  readonly node_id: string;
  /** Ids of the steps that must run first. */
  readonly depends_on?: readonly string[];
}

/**
 * Checks a workflow graph and computes its execution order. Duplicate ids are reported for every occurrence after
 * the first (the first one is the step the graph uses); each cycle is reported once.
 *
 * @category Contracts
 */
export function analyzeWorkflowGraph(nodes: readonly WorkflowGraphNode[]): WorkflowGraphAnalysis {
  const issues: WorkflowGraphIssue[] = [];
  const indexOf = new Map<string, number>();
  nodes.forEach((node, index) => {
    const first = indexOf.get(node.node_id);
    if (first === undefined) indexOf.set(node.node_id, index);
    else {
      issues.push({ kind: "duplicate_id", nodeId: node.node_id, index, message: `step id "${node.node_id}" is already used by step #${first}` });
    }
  });

  // Edges of the first occurrence of each id, restricted to known, non-self dependencies.
  const edges = new Map<string, string[]>();
  nodes.forEach((node, index) => {
    if (indexOf.get(node.node_id) !== index) return;
    const deps: string[] = [];
    (node.depends_on ?? []).forEach((dependency, dependencyIndex) => {
      if (dependency === node.node_id) {
        issues.push({ kind: "self_dependency", nodeId: node.node_id, index, dependency, dependencyIndex, message: `step "${node.node_id}" depends on itself` });
      } else if (!indexOf.has(dependency)) {
        issues.push({ kind: "unknown_dependency", nodeId: node.node_id, index, dependency, dependencyIndex, message: `step "${node.node_id}" depends on unknown step "${dependency}"` });
      } else if (!deps.includes(dependency)) {
        deps.push(dependency);
      }
    });
    edges.set(node.node_id, deps);
  });

  for (const cycle of findCycles([...indexOf.keys()], edges)) {
    const [head] = cycle;
    if (head === undefined) continue;
    issues.push({
      kind: "cycle",
      nodeId: head,
      index: indexOf.get(head) ?? 0,
      cycle,
      message: `dependency cycle: ${[...cycle, head].join(" -> ")}`,
    });
  }

  if (issues.length > 0) return { order: [], levels: [], issues: sortIssues(issues) };
  return { ...topologicalOrder([...indexOf.keys()], edges), issues };
}

function sortIssues(issues: WorkflowGraphIssue[]): WorkflowGraphIssue[] {
  return issues.map((issue, position) => ({ issue, position })).sort((a, b) => a.issue.index - b.issue.index || a.position - b.position).map((entry) => entry.issue);
}

/** Kahn's algorithm picking, among ready steps, the earliest declared. */
function topologicalOrder(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): { order: string[]; levels: string[][] } {
  const level = new Map<string, number>();
  const order: string[] = [];
  const remaining = new Set(ids);
  while (remaining.size > 0) {
    const next = ids.find((id) => remaining.has(id) && (edges.get(id) ?? []).every((dep) => level.has(dep)));
    if (next === undefined) break; // unreachable: cycles were reported before
    remaining.delete(next);
    order.push(next);
    level.set(next, Math.max(-1, ...(edges.get(next) ?? []).map((dep) => level.get(dep) ?? 0)) + 1);
  }
  const levels: string[][] = [];
  for (const id of ids) {
    const depth = level.get(id) ?? 0;
    (levels[depth] ??= []).push(id);
  }
  return { order, levels };
}

/**
 * One concrete cycle per strongly connected component with more than one step (Tarjan), each starting at the
 * component's earliest-declared step and following dependencies; components are listed in declaration order.
 */
function findCycles(ids: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const id of ids) if (!index.has(id)) connect(id);

  const byPosition = (a: string, b: string): number => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  return components
    .map((component) => {
      const members = new Set(component);
      const start = [...component].sort(byPosition)[0] ?? "";
      return walkCycle(start, members, edges, byPosition);
    })
    .sort((a, b) => byPosition(a[0] ?? "", b[0] ?? ""));
}

/** Depth-first search inside a component for a path from `start` back to `start`, preferring earlier steps. */
function walkCycle(start: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>, byPosition: (a: string, b: string) => number): string[] {
  const visited = new Set<string>();
  const path: string[] = [];
  const dfs = (v: string): boolean => {
    path.push(v);
    visited.add(v);
    const next = (edges.get(v) ?? []).filter((w) => members.has(w)).sort(byPosition);
    if (next.includes(start)) return true;
    for (const w of next) if (!visited.has(w) && dfs(w)) return true;
    path.pop();
    return false;
  };
  dfs(start);
  return path;
}
