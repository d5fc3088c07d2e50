package dev.pgaddon.cli;

import dev.pgaddon.api.body.OperationBody;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "operations", description = "List the recent operations of an app or an addon, newest first")
final class OperationsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Option(names = "--addon", paramLabel = "ADDON_ID", description = "Only this addon's operations")
  String addonId;

  @Option(names = "--limit", description = "At most this many, newest first (default 20, at most 100)")
  int limit = 20;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    if (limit < 1) {
      throw new CliError(CliError.INVALID, "--limit must be at least 1");
    }
    String query = "?per_page=" + limit + (addonId == null ? "" : "&addon_id=" + ApiClient.segment(addonId));
    List<OperationBody> operations = ApiClient.of(spec).get(ApiClient.appPath(app) + "/operations" + query,
        OperationBody.Page.class).operations();
    var out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, operations);
      return 0;
    }
    Table table = new Table("ID", "ADDON", "OPERATION", "STATUS", "STARTED (UTC)", "CLOSED (UTC)");
    for (OperationBody op : operations) {
      table.row(op.id(), op.addonId(), op.kind(), op.status(), time(op.startedAt()), time(op.closedAt()));
    }
    out.print(table.render());
    return 0;
  }

  private static String time(String instant) {
    String text = instant == null ? "" : instant;
    try {
      return text.isEmpty() ? "" : TIME.format(Instant.parse(text));
    } catch (DateTimeParseException notAnInstant) {
      return text;
    }
  }
}
