package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** --json: machine-readable output instead of the seed's tables. */
public final class OutputOptions {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "Print JSON instead of a table")
  boolean json;

  /** The API's rows as JSON (--json), or as the table with one row per element. */
  <T> void printRows(PrintWriter out, List<T> rows, Table table, Function<T, Object[]> row) {
    if (json) {
      printJson(out, rows);
      return;
    }
    for (T r : rows) {
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
