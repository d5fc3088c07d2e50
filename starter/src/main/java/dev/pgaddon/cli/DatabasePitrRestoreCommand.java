package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.PitrBody;
import java.io.Console;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The API checks the time against the recovery window; only its form is checked here, before the confirmation. */
@Command(name = "database-pitr-restore",
    description = "Restore the database to a past time: in place (what was written after it is lost), or into a new addon")
final class DatabasePitrRestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "TIME",
      description = "RFC 3339 with its offset, e.g. 2026-11-29T10:15:00Z (see database-pitr-recovery-window)")
  String targetTime;

  @Option(names = "--new-addon", description = "Restore into a new addon of the same app; this addon is left untouched")
  boolean newAddon;

  @Option(names = {"-y", "--yes"}, description = "Confirm an in-place restore without being asked")
  boolean confirmed;

  @Option(names = "--no-wait", description = "Return once the restore has started (follow it with 'operations')")
  boolean noWait;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    String time = requireTime(targetTime);
    if (!newAddon && !confirmed) {
      confirm(addonId, time);
    }
    ApiClient api = ApiClient.of(spec);
    Map<String, Object> restore = new LinkedHashMap<>();
    restore.put("target_time", time);
    restore.put("new_addon", newAddon);
    ApiClient.Response accepted = api.send("POST", ApiClient.addonPath(app, addonId) + "/database/pitr/restore",
        Map.of("restore", restore));
    PitrBody.Accepted started = accepted.as(PitrBody.Accepted.class);
    String restored = started.addonId() == null ? addonId : started.addonId();
    PrintWriter out = spec.commandLine().getOut();
    if (!output.json) {
      out.println(newAddon ? "-----> Restoring addon " + addonId + " as it was at " + time + " into new addon " + restored
          : "-----> Restoring addon " + addonId + " in place to " + time);
      out.flush();
    }
    if (noWait) {
      String operation = started.operation().id();
      if (output.json) {
        output.printJson(out, accepted.body());
      } else {
        out.println("       Operation " + operation + " started; follow it with: pgaddon --app " + app + " operations --addon "
            + restored);
      }
      return 0;
    }
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).result();
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    Restored done = ApiClient.read(result, Restored.class);
    out.println("-----> Addon " + restored + " has been restored to " + (done.targetTime() == null ? time : done.targetTime())
        + (newAddon ? " from addon " + addonId : ""));
    out.println("       Base backup: " + done.backupId() + ", PostgreSQL " + done.version() + ", timeline " + done.timeline());
    String newBackup = done.newBackupId();
    if (newBackup != null && !newBackup.isEmpty()) {
      out.println("       New base backup: " + newBackup);
    }
    if (newAddon) {
      out.println("       New addon: " + restored);
      out.println("       Show its connection URL (it contains the password) with: pgaddon --app " + app + " addons-info "
          + restored + " --show-url");
    }
    return 0;
  }

  /** Trimmed; the API's own sentence when it is not a time at all. */
  static String requireTime(String text) {
    String time = text.trim();
    try {
      OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return time;
    } catch (DateTimeParseException e) {
      throw new CliError(CliError.INVALID, "'" + text + "' is not an RFC 3339 time with its offset,"
          + " e.g. 2026-11-29T10:15:00Z or 2026-11-29T11:15:00+01:00");
    }
  }

  /** As addons-remove: --yes, or here the addon id typed on the terminal. */
  private static void confirm(String addonId, String time) {
    String consequence = "restoring " + addonId + " in place to " + time
        + " discards everything written after that time, irreversibly";
    Console console = System.console();
    if (console == null) {
      throw new CliError(CliError.INVALID, consequence + ": add --yes to confirm, or use --new-addon to restore into a new"
          + " addon instead");
    }
    console.printf(" !     %s.%n", Character.toUpperCase(consequence.charAt(0)) + consequence.substring(1));
    console.printf(" !     The database is unreachable while it is restored; --new-addon leaves it untouched.%n");
    String typed = console.readLine("Type the addon id (%s) to confirm: ", addonId);
    if (typed == null || !typed.trim().equals(addonId)) {
      throw new CliError(CliError.INVALID, "not confirmed: nothing was changed");
    }
  }

  /** The fields of the restore workflow's result this command prints. */
  record Restored(String targetTime, String backupId, String version, String timeline, String newBackupId) {}
}
