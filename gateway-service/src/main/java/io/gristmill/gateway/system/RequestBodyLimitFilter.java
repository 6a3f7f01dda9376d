package io.gristmill.gateway.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body under {@code /api} by {@code gristmill.gateway.limits.max-request-body}, except the
 * streamed uploads, which have their own limit. A declared length over the limit is refused with 413 before a
 * byte is read; a chunked body fails with {@link BodyTooLargeException} as soon as it passes the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

  /** Raw streamed uploads, bounded by {@code max-upload-size} in their controllers. */
  private static final Set<String> STREAMED = Set.of("/api/v1/files", "/api/v1/artifacts");

  private final long limit;
  private final JsonMapper json;

  RequestBodyLimitFilter(GatewayProperties properties, JsonMapper json) {
    this.limit = properties.limits().maxRequestBody().toBytes();
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/") || STREAMED.contains(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, BodyTooLargeException.message(limit));
      problem.setInstance(URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      json.writeValue(response.getOutputStream(), problem);
      return;
    }
    chain.doFilter(new Limited(request, limit), response);
  }

  /** The body is read past the limit. An IOException so that it passes through body readers unchanged. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
      super(message(limit));
    }

    static String message(long limit) {
      return "The request body is larger than the limit of " + limit
          + " bytes (gristmill.gateway.limits.max-request-body).";
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream in;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        ServletInputStream raw = super.getInputStream();
        in = new ServletInputStream() {
          private long count;

          @Override
          public int read() throws IOException {
            int b = raw.read();
            if (b >= 0) {
              counted(1);
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = raw.read(buffer, offset, length);
            if (n > 0) {
              counted(n);
            }
            return n;
          }

          private void counted(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
              throw new BodyTooLargeException(limit);
            }
          }

          @Override
          public boolean isFinished() {
            return raw.isFinished();
          }

          @Override
          public boolean isReady() {
            return raw.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            raw.setReadListener(listener);
          }
        };
      }
      return in;
    }
  }
}
