package io.gristmill.gateway.artifact;

import io.gristmill.gateway.security.CurrentPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may upload code: a jar runs on the workers, so uploading one needs the permission {@value #PERMISSION},
 * which only the {@code admin} role holds. Submitting a job that runs such code is governed the same way by
 * {@code gristmill.gateway.security.admin-only-job-types} (default {@code custom}).
 */
@Component
public class CodeExecutionPolicy {

  /** The permission to upload jars and run custom jobs. */
  public static final String PERMISSION = "code:execute";

  /** @throws ResponseStatusException 403 naming the permission when {@code caller} is not an admin */
  public void check(CurrentPrincipal caller) {
    if (!caller.isAdmin()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "Uploading and running code needs the permission '" + PERMISSION + "', which only the admin role holds.");
    }
  }
}
