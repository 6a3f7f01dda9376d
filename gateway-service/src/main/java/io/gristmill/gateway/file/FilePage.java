package io.gristmill.gateway.file;

import java.util.List;

/**
 * One page of {@code GET /api/v1/files}.
 *
 * @param totalFiles files on all pages
 */
record FilePage(List<FileSummary> files, int page, int size, long totalFiles, long totalPages) {}
