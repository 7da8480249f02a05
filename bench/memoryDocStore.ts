import type { DocStore, StoredDoc } from '../server/storage/types'

/**
 * A DocStore that keeps every doc in memory and writes nothing anywhere: the baseline the persist-before-broadcast
 * part compares Rembug's real store with. It keeps the DocStore contract (sequence numbers, snapshot + log,
 * `loadSince`), so the room behaves exactly as with a real store, minus the writing. For benchmarks only.
 */
export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, { snapshot: Uint8Array | null; snapshotSeq: number; updates: Array<{ seq: number; update: Uint8Array }>; lastSeq: number }>()

  private entry(docId: string) {
    let doc = this.docs.get(docId)
    if (!doc) this.docs.set(docId, (doc = { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 }))
    return doc
  }

  async load(docId: string): Promise<StoredDoc> {
    return this.loadSince(docId, 0)
  }

  async loadSince(docId: string, afterSeq: number): Promise<StoredDoc> {
    const doc = this.docs.get(docId)
    if (!doc) return { snapshot: null, updates: [], lastSeq: 0 }
    return {
      snapshot: afterSeq < doc.snapshotSeq || afterSeq === 0 ? doc.snapshot : null,
      updates: doc.updates.filter((u) => u.seq > afterSeq).map((u) => u.update),
      lastSeq: doc.lastSeq,
    }
  }

  async append(docId: string, updates: Uint8Array[]): Promise<number> {
    const doc = this.entry(docId)
    for (const update of updates) doc.updates.push({ seq: ++doc.lastSeq, update })
    return doc.lastSeq
  }

  async compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    const doc = this.entry(docId)
    doc.snapshot = snapshot
    doc.snapshotSeq = Math.max(doc.snapshotSeq, throughSeq)
    doc.updates = doc.updates.filter((u) => u.seq > throughSeq)
  }

  async list(): Promise<string[]> {
    return [...this.docs.keys()]
  }

  async delete(docId: string): Promise<void> {
    this.docs.delete(docId)
  }

  async size(docId: string): Promise<{ bytes: number; updates: number }> {
    const doc = this.docs.get(docId)
    if (!doc) return { bytes: 0, updates: 0 }
    const bytes = (doc.snapshot?.byteLength ?? 0) + doc.updates.reduce((sum, u) => sum + u.update.byteLength, 0)
    return { bytes, updates: doc.updates.length }
  }
}
