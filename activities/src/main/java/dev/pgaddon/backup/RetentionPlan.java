package dev.pgaddon.backup;

import dev.pgaddon.control.BackupRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What retention deletes: finished backups older than the cutoff, except the newest of those (it
 * is where the window's first day starts), and a backup that failed before the cutoff. Per epoch,
 * WAL older than the oldest kept backup's first segment goes; an epoch with no kept backup goes whole.
 */
record RetentionPlan(List<BackupRecord> deleted, List<String> deletedPaths, List<String> deletedEpochs,
    List<String> walKeptFrom) {

  static RetentionPlan of(List<BackupRecord> backups, Instant cutoff) {
    List<BackupRecord> done = backups.stream().filter(b -> b.done() && b.systemId() != null && b.startWal() != null)
        .sorted(Comparator.comparing(BackupRecord::createdAt)).toList();
    BackupRecord anchor = done.stream().filter(b -> b.createdAt().isBefore(cutoff)).reduce((a, b) -> b).orElse(null);
    List<BackupRecord> kept = done.stream().filter(b -> b == anchor || !b.createdAt().isBefore(cutoff)).toList();
    List<BackupRecord> deleted = new ArrayList<>(done.stream().filter(b -> !kept.contains(b)).toList());
    backups.stream().filter(b -> BackupRecord.FAILED.equals(b.status()) && b.createdAt().isBefore(cutoff))
        .forEach(deleted::add);
    Map<String, String> oldestKeptWal = new LinkedHashMap<>();
    for (BackupRecord b : kept) {
      oldestKeptWal.merge(b.systemId(), b.startWal(), (x, y) -> x.substring(8).compareTo(y.substring(8)) <= 0 ? x : y);
    }
    List<String> paths = new ArrayList<>();
    List<String> epochs = new ArrayList<>();
    for (BackupRecord b : deleted) {
      if (b.systemId() == null) {
        continue; // failed before it knew its epoch: nothing of it in the repository
      }
      if (oldestKeptWal.containsKey(b.systemId())) {
        paths.add(BackupRepository.backupPath(b.systemId(), b.id()));
        paths.add(BackupRepository.backupPath(b.systemId(), b.id()) + ".partial");
      } else if (!epochs.contains("epoch-" + b.systemId())) {
        epochs.add("epoch-" + BackupRepository.requireSystemId(b.systemId()));
      }
    }
    List<String> walKeptFrom = oldestKeptWal.entrySet().stream()
        .map(e -> "epoch-" + BackupRepository.requireSystemId(e.getKey()) + ":" + e.getValue()).toList();
    return new RetentionPlan(List.copyOf(deleted), paths, epochs, walKeptFrom);
  }
}
