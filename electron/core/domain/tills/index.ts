/** Pure rules of tellers' cash (DOMAIN.md "Tellers and cash"): no I/O, no database. */
export { countTotal } from './count';
export { wholePercent } from './share';
