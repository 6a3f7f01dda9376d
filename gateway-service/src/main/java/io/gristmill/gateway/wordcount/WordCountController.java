package io.gristmill.gateway.wordcount;

import io.gristmill.text.Words;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The classic word-count RPC: a small text in, its counts out, synchronously, with the word semantics of the
 * word-count job ({@link Words}). The body is bounded by {@code gristmill.gateway.limits.max-request-body}
 * (1 MiB by default), so counting it in memory is cheap.
 */
@RestController
class WordCountController {

  /** @param counts each word (lower-cased) and how often it occurs, in UTF-16 order of the words */
  record WordCounts(Map<String, Long> counts) {}

  @PostMapping(path = "/api/v1/wordcount", consumes = MediaType.TEXT_PLAIN_VALUE)
  WordCounts count(@RequestBody(required = false) byte[] body) {
    byte[] text = body == null ? new byte[0] : body;
    Map<String, Long> counts = new TreeMap<>();
    Words.forEach(text, 0, text.length, word -> counts.merge(word, 1L, Long::sum));
    return new WordCounts(counts);
  }
}
