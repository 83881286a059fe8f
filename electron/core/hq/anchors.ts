import { anchorSignatureHolds, parseAnchor } from '../anchor';
import type { BundleHeader } from '../services/export/bundle';
import type { HeadOfficeStore } from './store';

/**
 * The branches' audit anchors at head office (issue 14, point 2; electron/core/anchor.ts). Each bundle carries the
 * branch's newest anchor; head office keeps every one (hq_anchors), out of reach of anyone at the branch, and raises
 * an ANCHOR alarm when one contradicts what it holds: a sequence of an epoch anchored with two different hashes, the
 * chain head going back without a new epoch, an anchor naming a command head office holds with another hash, an
 * anchor signed by another key than the branch's first ones, or one that is not signed by its own key.
 */
export function takeAnchor(store: HeadOfficeStore, header: BundleHeader, at: string): void {
  const text = header.anchor;
  if (text === null || text === undefined) return;
  const office = header.officeCode;
  const alarm = (detail: string) => store.alarm(office, 'ANCHOR', detail, at);
  const a = parseAnchor(text);
  if (!a) return alarm(`the audit anchor in the bundle from sequence ${header.fromSeq} of ${office} is not readable`);
  if (a.officeCode !== office) return alarm(`the audit anchor in the bundle from sequence ${header.fromSeq} of ${office} is ${a.officeCode}'s`);
  if (!anchorSignatureHolds(a, a.publicKey)) return alarm(`the audit anchor of ${a.at} from ${office} is not signed by its key: it was altered`);
  const pinned = store.anchorKey(office);
  if (pinned === null) store.pinAnchorKey(office, a.publicKey, at);
  else if (pinned !== a.publicKey) return alarm(`the audit anchor of ${a.at} from ${office} is signed with another key than its earlier anchors: the branch's anchor key was replaced`);
  const held = store.anchorsOf(office, a.epoch);
  if (!store.keepAnchor(office, { epoch: a.epoch, seq: a.seq, hash: a.hash, at: a.at, json: text }, at)) return;
  for (const h of held) {
    if (h.seq === a.seq && h.hash !== a.hash) {
      alarm(`${office} anchored sequence ${a.seq} of epoch ${a.epoch} with two different hashes (on ${h.anchoredAt} and ${a.at}): its audit history was rewritten`);
    } else if (h.anchoredAt !== a.at) {
      // two anchors of one instant cannot be told apart in time (a clock held still): only a later one that names an
      // earlier head is a head going back
      const [earlier, later] = h.anchoredAt < a.at ? [{ seq: h.seq, at: h.anchoredAt }, { seq: a.seq, at: a.at }] : [{ seq: a.seq, at: a.at }, { seq: h.seq, at: h.anchoredAt }];
      if (later.seq < earlier.seq) {
        alarm(`${office}'s audit history went back from sequence ${earlier.seq} (anchored ${earlier.at}) to ${later.seq} (anchored ${later.at}) without a new epoch: commands were removed`);
      }
    }
  }
  checkAnchoredCommands(store, office, at);
}

/** An anchor of the branch's epoch naming a command head office holds with another hash: an ANCHOR alarm. */
export function checkAnchoredCommands(store: HeadOfficeStore, office: string, at: string): void {
  const bad = store.anchorAgainstCommands(office);
  if (bad) store.alarm(office, 'ANCHOR', `${office} anchored sequence ${bad.seq} on ${bad.anchoredAt} with a hash other than the command head office holds: its audit history was rewritten`, at);
}
