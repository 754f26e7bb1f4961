/** The Rules panel's view model: pure derivations from the compiled lab and the selection. */
export {
  deviceView,
  type CompiledLab as CompiledLabInput,
  type DeviceView,
  type RulesLine,
  type RulesSection,
  type SectionId,
} from './device-view.ts';
export { defaultDevice, deviceLabel, deviceOptions, type DeviceOption } from './devices.ts';
export {
  lineMarker,
  markSections,
  selectedPaths,
  type LineMark,
  type MarkedLine,
  type Marker,
} from './marks.ts';
export {
  customTexts,
  DUMP_SECTIONS,
  planCustomRules,
  writeRuleFields,
  type CustomError,
  type CustomPlan,
  type CustomTexts,
  type DumpSection,
} from './custom-rules.ts';
export { tokenize, type Token, type TokenKind } from './tokenize.ts';
