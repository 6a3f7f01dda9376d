package io.gristmill.gateway.artifact;

import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.UploadHeader;
import io.gristmill.gateway.security.CurrentPrincipal;
import io.gristmill.gateway.file.LimitedInputStream;
import io.gristmill.gateway.file.UploadTooLargeException;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.storage.client.BlobStoreClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/artifacts?name=NAME}: the body is a job jar, stored in the blob store like any file and
 * identified by its id and SHA-256. Needs the {@link CodeExecutionPolicy} permission. A body that is not a zip or
 * is larger than {@code gristmill.gateway.max-artifact-size} is refused and leaves nothing stored.
 */
@RestController
@RequestMapping("/api/v1/artifacts")
class ArtifactController {

  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
  private static final String SIZE_SETTING = "gristmill.gateway.max-artifact-size";

  private final BlobStoreClient blobStore;
  private final CodeExecutionPolicy policy;
  private final DataSize maxSize;

  ArtifactController(BlobStoreClient blobStore, CodeExecutionPolicy policy, GatewayProperties properties) {
    this.blobStore = blobStore;
    this.policy = policy;
    this.maxSize = properties.maxArtifactSize();
  }

  @PostMapping
  ResponseEntity<ArtifactView> upload(
      @RequestParam @NotBlank @Size(max = 255) @Pattern(regexp = "[^\\p{Cntrl}/\\\\]+") String name,
      HttpServletRequest request, CurrentPrincipal caller) throws IOException {
    policy.check(caller);
    if (request.getContentLengthLong() > maxSize.toBytes()) {
      throw new UploadTooLargeException(maxSize, SIZE_SETTING);
    }
    InputStream body = jarOnly(new LimitedInputStream(request.getInputStream(), maxSize, SIZE_SETTING));
    FileInfo file = blobStore.upload(UploadHeader.newBuilder().setName(name).setOwner(caller.name()).build(),
        body);
    return ResponseEntity.created(URI.create("/api/v1/files/" + file.getId())).body(ArtifactView.of(file));
  }

  @ExceptionHandler
  ProblemDetail notAJar(NotAJarException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
    problem.setType(URI.create("about:blank"));
    return problem;
  }

  /** Checks the zip signature before the first byte goes to storage. */
  private static InputStream jarOnly(InputStream in) throws IOException {
    PushbackInputStream pushback = new PushbackInputStream(in, ZIP_SIGNATURE.length);
    byte[] head = pushback.readNBytes(ZIP_SIGNATURE.length);
    if (!Arrays.equals(head, ZIP_SIGNATURE)) {
      throw new NotAJarException();
    }
    pushback.unread(head);
    return pushback;
  }
}
