// Filled in by the article that owns it.
export {};
