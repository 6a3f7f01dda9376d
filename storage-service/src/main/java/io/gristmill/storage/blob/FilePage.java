package io.gristmill.storage.blob;

import java.util.List;

/** One page of a file listing, files without their chunks, and how many files match in all. */
record FilePage(List<FileLayout> files, long totalCount) {}
