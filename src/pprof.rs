// STUB: replaced by the real decoder.
