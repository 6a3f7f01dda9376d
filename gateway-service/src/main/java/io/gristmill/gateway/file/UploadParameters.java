package io.gristmill.gateway.file;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The query parameters of an upload, read from the raw query string. {@code getParameter} is never used:
 * for a POST with a form content type the servlet container would read (and so consume) the body, which
 * must reach the blob store untouched.
 *
 * @param name display name of the file
 * @param chunkSize chunk size in bytes, 0 for the platform default
 * @param replication replication goal, 0 for the platform default
 */
record UploadParameters(String name, long chunkSize, int replication) {

  static UploadParameters parse(String queryString) throws MissingServletRequestParameterException {
    Map<String, String> query = decode(queryString);
    String name = query.get("name");
    if (name == null) {
      throw new MissingServletRequestParameterException("name", "String");
    }
    long chunkSize = number(query, "chunkSize", "a whole number of bytes");
    long replication = number(query, "replication", "a whole number of replicas");
    if (replication > Integer.MAX_VALUE) {
      throw badRequest("Query parameter 'replication' must be a whole number of replicas, got '"
          + query.get("replication") + "'.");
    }
    return new UploadParameters(name, chunkSize, (int) replication);
  }

  /** First value wins, as with {@code getParameter}. */
  private static Map<String, String> decode(String queryString) {
    Map<String, String> query = new HashMap<>();
    if (queryString == null || queryString.isEmpty()) {
      return query;
    }
    try {
      for (String pair : queryString.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.putIfAbsent(key, value);
      }
    } catch (IllegalArgumentException e) {
      throw badRequest("The query string is not valid URL encoding: " + e.getMessage());
    }
    return query;
  }

  private static long number(Map<String, String> query, String key, String meaning) {
    String value = query.get(key);
    if (value == null) {
      return 0;
    }
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the offending value
    }
    throw badRequest("Query parameter '" + key + "' must be " + meaning + ", got '" + value + "'.");
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
