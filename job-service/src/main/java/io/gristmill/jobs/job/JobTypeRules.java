package io.gristmill.jobs.job;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gristmill.jobs.system.InvalidRequestException;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * What each job type requires of its parameters and code, checked at submission so that a job that cannot run is
 * refused with a precise message instead of failing on the workers.
 */
final class JobTypeRules {

  /** A Java binary class name: dot-separated identifiers, nested classes with '$'. */
  private static final java.util.regex.Pattern CLASS_NAME =
      java.util.regex.Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  /** Longest grep pattern accepted, in characters. */
  static final int MAX_PATTERN_LENGTH = 10_000;

  private JobTypeRules() {}

  /** @throws InvalidRequestException naming the parameter or class and what is wrong with it */
  static void check(JobType type, Map<String, String> params, CustomCode custom) {
    IntermediateData.of(params);
    switch (type) {
      case GREP -> checkGrep(params);
      case CUSTOM -> checkCustom(custom);
      default -> { }
    }
  }

  private static void checkGrep(Map<String, String> params) {
    String pattern = params.get("pattern");
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidRequestException("grep needs params.pattern, a regular expression (RE2 syntax)");
    }
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw new InvalidRequestException("params.pattern is " + pattern.length() + " characters long; at most "
          + MAX_PATTERN_LENGTH + " are allowed");
    }
    String ignoreCase = params.get("ignoreCase");
    if (ignoreCase != null && !ignoreCase.equalsIgnoreCase("true") && !ignoreCase.equalsIgnoreCase("false")) {
      throw new InvalidRequestException("params.ignoreCase must be true or false, got '" + ignoreCase + "'");
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidRequestException("params.pattern is not a valid RE2 expression: " + e.getMessage());
    }
  }

  private static void checkCustom(CustomCode custom) {
    if (custom == null || blank(custom.artifactId())) {
      throw new InvalidRequestException("a custom job needs custom.artifact, the id of an uploaded jar");
    }
    className("custom.mapper", custom.mapperClass(), true);
    className("custom.reducer", custom.reducerClass(), true);
    className("custom.combiner", custom.combinerClass(), false);
    className("custom.partitioner", custom.partitionerClass(), false);
  }

  private static void className(String field, String name, boolean required) {
    if (blank(name)) {
      if (required) {
        throw new InvalidRequestException("a custom job needs " + field + ", a fully qualified class name");
      }
      return;
    }
    Matcher matcher = CLASS_NAME.matcher(name);
    if (name.length() > 1000 || !matcher.matches()) {
      throw new InvalidRequestException(field + " '" + name + "' is not a Java class name");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
