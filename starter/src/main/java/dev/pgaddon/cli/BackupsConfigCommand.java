package dev.pgaddon.cli;

import dev.pgaddon.api.body.BackupBody;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backups-config", description = "Show, or set, when the daily backup runs and how long backups are kept")
final class BackupsConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--schedule-at", paramLabel = "HOUR", description = "Hour of the daily backup, UTC, 0 to 23")
  Integer scheduleAt;

  @Option(names = "--retention-days", paramLabel = "DAYS", description = "How many days a backup is kept, 1 to 365")
  Integer retentionDays;

  @Override
  public Integer call() {
    String path = ApiClient.addonPath(appOptions.requireApp(), addonOptions.requireAddon()) + "/backup_schedule";
    ApiClient api = ApiClient.of(spec);
    BackupBody.Schedule schedule;
    if (scheduleAt == null && retentionDays == null) {
      schedule = api.get(path, BackupBody.ScheduleOne.class).backupSchedule();
    } else {
      Map<String, Object> fields = new LinkedHashMap<>();
      if (scheduleAt != null) {
        fields.put("scheduled_at", scheduleAt);
      }
      if (retentionDays != null) {
        fields.put("retention_days", retentionDays);
      }
      schedule = api.send("PUT", path, Map.of("backup_schedule", fields)).as(BackupBody.ScheduleOne.class).backupSchedule();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      output.printJson(out, schedule);
    } else {
      out.println(describe(schedule));
    }
    return 0;
  }

  /** "Daily backup at 03:00 UTC, kept 7 days". */
  static String describe(BackupBody.Schedule schedule) {
    int days = schedule.retentionDays();
    return String.format(Locale.ROOT, "Daily backup at %02d:00 UTC, kept %d day%s", schedule.scheduledAt(),
        days, days == 1 ? "" : "s");
  }
}
