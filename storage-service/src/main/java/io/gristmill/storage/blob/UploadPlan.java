package io.gristmill.storage.blob;

/** An accepted upload header with the defaults filled in. */
record UploadPlan(String name, long chunkSize, int replication, String owner) {}
