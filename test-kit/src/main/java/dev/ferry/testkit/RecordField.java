package dev.ferry.testkit;

/** A part of a record that a mirror must copy unchanged; names what a mismatch is about. */
public enum RecordField {
    /** The record landed in a different partition number than its source partition. */
    PARTITION,
    /** Key bytes differ (including null versus non-null). */
    KEY,
    /** Value bytes differ (including tombstone versus non-null). */
    VALUE,
    /** Headers differ in keys, values, count or order, after removing ignored header keys. */
    HEADERS,
    /** The timestamp differs. */
    TIMESTAMP
}
