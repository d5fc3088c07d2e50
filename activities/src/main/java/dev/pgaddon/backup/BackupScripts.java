package dev.pgaddon.backup;

import dev.pgaddon.docker.NodeLayout;

/** The shell of archiving, base backups and restores, run by PostgreSQL itself or in one-shot containers. */
public final class BackupScripts {
  private BackupScripts() {}

  /**
   * PostgreSQL's archive_command on every node (archive_mode=always: a follower archives what it
   * receives, so segments a killed primary had not archived yet are there all the same). Each
   * segment goes to its cluster's epoch (system identifier), is copied to a temporary name, synced,
   * then hard-linked to its name: a segment is never half written and never overwritten. When it
   * is there already (the other node archived it) identical contents are success, different ones a
   * failure, which PostgreSQL retries and reports, keeping the segment.
   */
  public static final String ARCHIVE_COMMAND = ("s=$(LC_ALL=C pg_controldata . | sed -n 's/^Database system identifier: *//p');"
      + " [ -n \"$s\" ] || exit 1; d=" + NodeLayout.BACKUPS_MOUNT + "/epoch-$s/wal; t=$d/.%f.$$;"
      + " mkdir -p $d && cp %p $t && sync $t || { rm -f $t; exit 1; };"
      + " if ln $t $d/%f 2>/dev/null || cmp -s $t $d/%f; then rm -f $t; sync $d;"
      + " else rm -f $t; echo \"archive: $d/%f exists with other contents\" >&2; exit 1; fi");

  /** A segment at most this old is in the archive even when writes are few. */
  public static final int ARCHIVE_TIMEOUT_SECONDS = 120;

  /** The backup repository of a new addon belongs to the postgres user of the images (run as root). */
  static final String PREPARE_REPOSITORY = """
      set -eu
      chown %1$d:%2$d %3$s
      chmod 0700 %3$s
      """.formatted(NodeLayout.POSTGRES_UID, NodeLayout.POSTGRES_GID, NodeLayout.BACKUPS_MOUNT);

  /** Removes one addon's repository (run as root on the repository root, mounted at ROOT_MOUNT). */
  static final String REMOVE_REPOSITORY = """
      set -eu
      case "$ADDON" in ad-*) ;; *) echo "not an addon id"; exit 2;; esac
      rm -rf "/backup-root/$ADDON"
      echo "removed"
      """;
  static final String ROOT_MOUNT = "/backup-root";

  /**
   * pg_basebackup in tar format with its own WAL (a copy that starts alone), into a temporary
   * directory renamed when complete; a retry after completion only reports it.
   */
  static final String TAKE_BACKUP = """
      set -eu
      B=%1$s/$BACKUP_PATH
      if [ ! -f $B/backup-complete ]; then
        rm -rf $B.partial; mkdir -p $B.partial
        pg_basebackup -h "$HOST" -p "$PORT" -U replicator -D $B.partial -Ft -X stream --checkpoint=fast -l "$BACKUP_ID"
        rm -rf $B; mv -T $B.partial $B
        touch $B/backup-complete
      fi
      echo "start_wal $(tar -xOf $B/base.tar backup_label | sed -n 's/^START WAL LOCATION: .*(file \\([0-9A-F]*\\))$/\\1/p')"
      echo "bytes $(du -sb $B | cut -f1)"
      """.formatted(NodeLayout.BACKUPS_MOUNT);

  /** Deletes the listed backup directories and epochs, and each kept epoch's WAL older than KEEP_FROM. */
  static final String RETENTION = """
      set -eu
      cd %1$s
      for b in $DELETE_BACKUPS; do rm -rf "$b"; echo "deleted $b"; done
      for e in $DELETE_EPOCHS; do rm -rf "$e"; echo "deleted $e"; done
      for k in $KEEP_FROM; do
        e=${k%%%%:*}; w=${k#*:}
        [ -d "$e/wal" ] && pg_archivecleanup "$e/wal" "$w"
        echo "kept $e WAL from $w"
      done
      """.formatted(NodeLayout.BACKUPS_MOUNT);

  /**
   * Restore of a base backup into the node's volume, then WAL replay to TARGET along TIMELINE (the
   * addon's timeline when the restore began, or "latest" in an older epoch) and promotion, in a
   * postgres of its own (no client reaches it). In place, the directory it replaces is moved aside,
   * to a name of this restore, until the restore is known good: that rename is the restore's
   * progress mark, so a retry redoes only what did not finish and never deletes the user's data.
   * A directory another restore moved aside is deleted only when that restore completed (its
   * "restored" mark), else this one stops. WAL comes from SOURCE (the same repository, or another
   * addon's, read-only); archiving goes on into the node's own repository, so the new timeline is
   * archived from its start.
   */
  static final String RESTORE = """
      set -eu
      D=%1$s; P=$D/pgdata; KEEP=$D/pgdata.before-$RESTORE_ID; LOG=$D/restore-$RESTORE_ID.log
      if [ -f $D/restored-$RESTORE_ID ]; then echo "restore $RESTORE_ID already done"; exit 0; fi
      for other in $D/pgdata.before-r*; do
        [ -e "$other" ] && [ "$other" != "$KEEP" ] || continue
        id=${other##*pgdata.before-}
        if [ -f $D/restored-$id ]; then rm -rf "$other" $D/restored-$id; else
          echo "an earlier restore ($id) was interrupted: the data it replaced is kept in $other; an operator must look"; exit 4
        fi
      done
      # the timeline of the directory moved aside, as the restore began: a failed restore's put-back keeps it
      # (pg_control's lags behind a promotion until the next checkpoint)
      if [ ! -e $KEEP ] && [ ! -f $D/restore-$RESTORE_ID.timeline ]; then echo "$TIMELINE" > $D/restore-$RESTORE_ID.timeline; fi
      if [ ! -e $KEEP ] && [ -d $P ]; then mv -T $P $KEEP; fi
      rm -rf $P; mkdir -m 700 $P
      B=$SOURCE/epoch-$SYSTEM_ID/base/$BACKUP_ID; W=$SOURCE/epoch-$SYSTEM_ID/wal
      T0=$(date +%%s%%N)
      tar -xf $B/base.tar -C $P
      tar -xf $B/pg_wal.tar -C $P/pg_wal
      T1=$(date +%%s%%N)
      START_LSN=$(sed -n 's/^START WAL LOCATION: \\([0-9A-F/]*\\) .*/\\1/p' $P/backup_label)
      rm -f $P/standby.signal $P/postmaster.pid
      # the copy's primary waited for its follower; this one has none until it is rebuilt
      sed -i '/^synchronous_standby_names/d;/^primary_conninfo/d;/^primary_slot_name/d' $P/postgresql.auto.conf
      touch $P/recovery.signal
      recover() {
        # hot_standby off: no client during recovery, and none of the primary's limits to match
        postgres -D $P -c listen_addresses= -c port=5432 -c unix_socket_directories=/tmp -c hot_standby=off \\
          -c "restore_command=cp $W/%%f %%p" -c "recovery_target_timeline=$TIMELINE" -c recovery_target_action=promote \\
          -c archive_mode=always -c "archive_command=$ARCHIVE_COMMAND" "$@" >>$LOG 2>&1 &
        PID=$!
        while ! psql -h /tmp -p 5432 -U postgres -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null | grep -qx f; do
          if ! kill -0 $PID 2>/dev/null; then return 1; fi
          sleep 1
        done
      }
      failed() { tail -n 15 $LOG; grep -E "FATAL|PANIC" $LOG | tail -n 2; exit 1; }
      if ! recover -c "recovery_target_time=$TARGET"; then
        if [ "$TO_END_OF_WAL" = "yes" ] && grep -q "recovery ended before configured recovery target was reached" $LOG; then
          # an epoch before a major upgrade: its WAL ends at the upgrade, before the target
          echo "the archive of this epoch ends before $TARGET: replaying all of it"
          recover || failed
        else
          failed
        fi
      fi
      T2=$(date +%%s%%N)
      psql -h /tmp -p 5432 -U postgres -d postgres -Atc "SELECT 'timeline ' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)::text"
      psql -h /tmp -p 5432 -U postgres -d postgres -Atc "SELECT 'replayed_bytes ' || pg_wal_lsn_diff(pg_current_wal_lsn(), '$START_LSN')::bigint"
      echo "restore_ms $(( (T1 - T0) / 1000000 ))"
      echo "replay_ms $(( (T2 - T1) / 1000000 ))"
      kill -INT $PID; wait $PID || true
      [ -f $D/pgaddon-initialized ] || touch $D/pgaddon-initialized
      touch $D/restored-$RESTORE_ID
      grep -E "recovery stopping|last completed transaction|selected new timeline" $LOG | tail -n 3 || true
      echo "restored"
      """.formatted(NodeLayout.DATA_MOUNT);

  /**
   * A failed restore in place: the directory moved aside goes back (the node is stopped). A timeline
   * the failed restore may have promoted to is removed from the archive: every timeline above the
   * one put back (recorded when the restore began) came from it, and a later promotion of this cluster must be free to take that number.
   */
  static final String PUT_BACK = """
      set -eu
      D=%1$s; P=$D/pgdata; KEEP=$D/pgdata.before-$RESTORE_ID
      if [ -d $KEEP ]; then rm -rf $P; mv -T $KEEP $P; echo "put back"; fi
      rm -f $D/restored-$RESTORE_ID
      [ -f $P/global/pg_control ] || exit 0
      S=$(LC_ALL=C pg_controldata $P | sed -n 's/^Database system identifier: *//p')
      TL=$(cat $D/restore-$RESTORE_ID.timeline 2>/dev/null || true)
      case "$TL" in
        ''|*[!0-9]*) TL=$(LC_ALL=C pg_controldata $P | sed -n "s/^Latest checkpoint's TimeLineID: *//p") ;;
      esac
      W=%2$s/epoch-$S/wal
      for h in $W/*.history; do
        [ -f "$h" ] || continue
        t=$(basename "$h" .history)
        if [ $((16#$t)) -gt "$TL" ]; then rm -f "$W/$t"*; echo "removed timeline $((16#$t)), abandoned"; fi
      done
      rm -f $D/restore-$RESTORE_ID.timeline
      """.formatted(NodeLayout.DATA_MOUNT, NodeLayout.BACKUPS_MOUNT);

  static final String DISCARD = """
      set -eu
      D=%1$s
      rm -rf $D/pgdata.before-$RESTORE_ID
      rm -f $D/restored-$RESTORE_ID $D/restore-$RESTORE_ID.log $D/restore-$RESTORE_ID.timeline
      echo "discarded"
      """.formatted(NodeLayout.DATA_MOUNT);
}
