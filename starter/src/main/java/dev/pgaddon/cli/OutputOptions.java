package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** --json: machine-readable output instead of the seed's tables. */
public final class OutputOptions {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "Print JSON instead of a table")
  boolean json;

  /** The API's rows as JSON (--json), or as the table with one row per element. */
  void printRows(PrintWriter out, com.fasterxml.jackson.databind.JsonNode rows, Table table,
      java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, Object[]> row) {
    if (json) {
      printJson(out, rows);
      return;
    }
    for (com.fasterxml.jackson.databind.JsonNode r : rows) {
      table.row(row.apply(r));
    }
    out.print(table.render());
  }

  void printJson(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
