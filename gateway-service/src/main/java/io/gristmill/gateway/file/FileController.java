package io.gristmill.gateway.file;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.ListFilesResponse;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.gateway.security.CurrentPrincipal;
import io.gristmill.gateway.security.OwnerScope;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Files in the blob store: upload, listing, metadata, content (whole or one byte range), deletion and restore,
 * streamed both ways in bounded memory.
 */
@RestController
@RequestMapping("/api/v1/files")
class FileController {

  private final BlobStoreClient blobStore;
  private final ShortCircuitReads contents;
  private final DataSize maxUploadSize;

  FileController(BlobStoreClient blobStore, ShortCircuitReads contents, GatewayProperties properties) {
    this.blobStore = blobStore;
    this.contents = contents;
    this.maxUploadSize = properties.maxUploadSize();
  }

  /** The body is the file, whatever its content type; see {@link UploadParameters} for why the query is parsed here. */
  @PostMapping
  ResponseEntity<FileView> upload(HttpServletRequest request, CurrentPrincipal caller)
      throws IOException, MissingServletRequestParameterException {
    UploadParameters parameters = UploadParameters.parse(request.getQueryString());
    if (request.getContentLengthLong() > maxUploadSize.toBytes()) {
      throw new UploadTooLargeException(maxUploadSize);
    }
    UploadHeader header = UploadHeader.newBuilder()
        .setName(parameters.name())
        .setChunkSize(parameters.chunkSize())
        .setReplication(parameters.replication())
        .setOwner(caller.name())
        .build();
    FileInfo file = blobStore.upload(header, new LimitedInputStream(request.getInputStream(), maxUploadSize));
    return ResponseEntity.created(URI.create("/api/v1/files/" + file.getId())).body(FileView.of(file));
  }

  /** Visible files, newest first: an administrator's of everyone (or of {@code owner}), anyone else's own. */
  @GetMapping
  FilePage list(@RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size,
      @RequestParam(required = false) String owner, CurrentPrincipal caller) {
    ListFilesResponse found = blobStore.listFiles(OwnerScope.ownerFilter(caller, owner), page, size);
    return new FilePage(found.getFilesList().stream().map(FileSummary::of).toList(), page, size,
        found.getTotalCount(), (found.getTotalCount() + size - 1) / size);
  }

  @GetMapping("/{id}")
  FileView metadata(@PathVariable String id, CurrentPrincipal caller) {
    return FileView.of(visible(id, caller));
  }

  /** The file, or the same 404 as a missing one (worded as storage words it) when it is someone else's. */
  private FileInfo visible(String id, CurrentPrincipal caller) {
    FileInfo file = blobStore.getFile(id);
    return OwnerScope.requireVisible(caller, file.getOwner(), file, () -> new ErrorResponseException(
        HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "file " + id + " not found"), null));
  }

  /** Hides the file at once; {@code POST .../restore} brings it back within the storage's retention. */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, CurrentPrincipal caller) {
    visible(id, caller);
    blobStore.delete(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/restore")
  FileView restore(@PathVariable String id, CurrentPrincipal caller) {
    return FileView.of(blobStore.restore(id, OwnerScope.ownerFilter(caller, null)));
  }

  /**
   * The whole file (200), or one byte range of it (206) when a {@code Range: bytes=...} header asks for one.
   * Metadata and the read stream are both obtained before anything is written, so an unknown file is a clean
   * 404 and Content-Length is known before the first byte. The bytes come from this host's replicas when a
   * storage node shares its disk ({@code gristmill.gateway.short-circuit-reads}), each piece written whole.
   */
  @GetMapping("/{id}/content")
  void content(@PathVariable String id, @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
      CurrentPrincipal caller, HttpServletResponse response) throws IOException {
    FileInfo file = visible(id, caller);
    Optional<ByteRange> part = ByteRange.parse(range, file.getSize());
    long length = part.map(ByteRange::length).orElse(file.getSize());
    try (InputStream content = length == 0 ? InputStream.nullInputStream()
        : contents.open(file, part.map(ByteRange::first).orElse(0L), length)) {
      response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
      response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
      response.setContentLengthLong(length);
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
          ContentDisposition.attachment().filename(file.getName(), StandardCharsets.UTF_8).build().toString());
      if (part.isPresent()) {
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(HttpHeaders.CONTENT_RANGE, part.get().contentRange(file.getSize()));
      }
      content.transferTo(response.getOutputStream());
    }
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> rangeNotSatisfiable(RangeNotSatisfiableException e) {
    return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, e.getMessage()));
  }
}
