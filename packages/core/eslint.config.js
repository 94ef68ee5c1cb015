import { createConfig } from "@onex/eslint-config";

export default createConfig(import.meta.dirname);
