package io.gristmill.gateway.file;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.gateway.security.CurrentPrincipal;
import io.gristmill.gateway.security.OwnerScope;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import io.gristmill.storage.client.BlobStoreClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Files in the blob store: upload, metadata and content, streamed both ways in bounded memory. */
@RestController
@RequestMapping("/api/v1/files")
class FileController {

  private final BlobStoreClient blobStore;
  private final DataSize maxUploadSize;

  FileController(BlobStoreClient blobStore, GatewayProperties properties) {
    this.blobStore = blobStore;
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

  /**
   * Metadata and the read stream are both obtained before anything is written, so an unknown file is a clean
   * 404 and Content-Length is known before the first byte.
   */
  @GetMapping("/{id}/content")
  void content(@PathVariable String id, CurrentPrincipal caller, HttpServletResponse response) throws IOException {
    FileInfo file = visible(id, caller);
    try (InputStream content = file.getSize() == 0 ? InputStream.nullInputStream() : blobStore.open(id, 0, 0)) {
      response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
      response.setContentLengthLong(file.getSize());
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
          ContentDisposition.attachment().filename(file.getName(), StandardCharsets.UTF_8).build().toString());
      content.transferTo(response.getOutputStream());
    }
  }
}
