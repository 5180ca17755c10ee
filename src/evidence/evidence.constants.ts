/** The injection token of the EvidenceStore (built from the configured directory). */
export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');
