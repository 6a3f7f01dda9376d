package io.gristmill.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results of one benchmark invocation, as JSON (for tools) and as a Markdown table (for people and the
 * README).
 *
 * @param title first line of the Markdown
 * @param context what was measured where, in order (machine, JDK, corpus, settings), shown above the table
 * @param measurements the figures, in table order
 * @param notes lines shown below the table
 */
public record Report(String title, Map<String, String> context, List<Measurement> measurements, List<String> notes) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Report {
    context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
    measurements = List.copyOf(measurements);
    notes = List.copyOf(notes);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("title", title);
    ObjectNode ctx = root.putObject("context");
    context.forEach(ctx::put);
    ArrayNode array = root.putArray("measurements");
    for (Measurement m : measurements) {
      ObjectNode node = array.addObject();
      node.put("key", m.key());
      node.put("label", m.label());
      node.put("unit", m.unit());
      ArrayNode samples = node.putArray("samples");
      m.samples().forEach(samples::add);
      node.put("median", m.median());
      node.put("min", m.min());
      node.put("max", m.max());
      node.put("spreadPercent", m.spreadPercent());
      if (m.reference() != null) {
        node.putObject("reference").put("label", m.reference().label()).put("value", m.reference().value());
        node.put("ratio", m.ratio());
      }
      if (m.target() != null) {
        node.putObject("target").put("text", m.target().text()).put("met", m.targetMet());
      }
    }
    ArrayNode notesNode = root.putArray("notes");
    notes.forEach(notesNode::add);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(title).append("\n\n");
    context.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append('\n');
    md.append("| measure | median | runs (min–max, spread) | reference | ratio | target | met |\n");
    md.append("| --- | ---: | --- | --- | ---: | --- | --- |\n");
    for (Measurement m : measurements) {
      List<String> cells = new ArrayList<>();
      cells.add(m.label());
      cells.add(number(m.median()) + " " + m.unit());
      cells.add(m.samples().size() + " (" + number(m.min()) + "–" + number(m.max()) + ", ±"
          + String.format(Locale.ROOT, "%.1f", m.spreadPercent()) + "%)");
      cells.add(m.reference() == null ? "" : number(m.reference().value()) + " " + m.unit() + " ("
          + m.reference().label() + ")");
      cells.add(m.reference() == null ? "" : String.format(Locale.ROOT, "%.2f×", m.ratio()));
      cells.add(m.target() == null ? "" : m.target().text());
      cells.add(m.target() == null ? "" : m.targetMet() ? "yes" : "**no**");
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  /** Three significant figures or so, without exponents: 1234, 123.4 → 123, 12.34 → 12.3, 1.234 → 1.23. */
  static String number(double v) {
    double a = Math.abs(v);
    String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.01 || a == 0 ? "%.2f" : "%.4f";
    return String.format(Locale.ROOT, format, v);
  }
}
