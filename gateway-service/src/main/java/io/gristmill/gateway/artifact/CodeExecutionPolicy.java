package io.gristmill.gateway.artifact;

import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one place that decides who may upload code and run custom jobs: both run the caller's code on the workers,
 * so they need the permission {@value #PERMISSION}. Today the only principal is the admin token's, which holds
 * every permission; the security rework maps roles to this permission here.
 */
@Component
public class CodeExecutionPolicy {

  /** The permission to upload jars and run custom jobs. */
  public static final String PERMISSION = "code:execute";

  /** @throws ResponseStatusException 403 naming the permission when {@code principal} lacks it */
  public void check(Principal principal) {
    if (principal == null) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "Uploading and running code needs the permission '" + PERMISSION + "'.");
    }
  }
}
