export {
  ANNOTATION_CHARS,
  MAX_ANNOTATIONS,
  escapeData,
  escapeProperty,
  isGitHubActions,
  resumeCommands,
  stopCommands,
  toAnnotations,
  workflowCommand,
} from './annotations.js';
export type { AnnotationOptions } from './annotations.js';
export { SUMMARY_CELL_CHARS, appendJobSummary, markdownCell, toJobSummary, verdictLine } from './summary.js';
export { cutText } from './cut.js';
