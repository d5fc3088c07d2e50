package dev.pgaddon.upgrade;

import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.node.NodeScripts;

/**
 * The shell of a major upgrade, run in one-shot containers of the new major's image (which holds
 * both majors' binaries) on the primary's volume. They read OLD_MAJOR and NEW_MAJOR. In the volume:
 * {@code pgdata} is the live directory, {@code pgdata-NEW.new} the cluster pg_upgrade builds,
 * {@code pgdata-OLD.old} the old directory kept until the new server has taken writes.
 * Exit 4 means PostgreSQL's own tool refused or failed: running it again would not help.
 */
final class UpgradeScripts {
  private UpgradeScripts() {}

  private static final String PATHS = """
      set -eu
      D=%1$s
      CUR=$D/pgdata
      NEW=$D/pgdata-$NEW_MAJOR.new
      SAVED=$D/pgdata-$OLD_MAJOR.old
      OLD_BIN=/usr/lib/postgresql/$OLD_MAJOR/bin
      NEW_BIN=/usr/lib/postgresql/$NEW_MAJOR/bin
      major() { cat "$1/PG_VERSION" 2>/dev/null || echo none; }
      checksums() {
        if "$OLD_BIN/pg_controldata" "$1" | grep -q '^Data page checksum version: *[1-9]'; then echo --data-checksums; fi
      }
      umask 077
      """.formatted(NodeLayout.DATA_MOUNT);

  /** pg_upgrade --check against the running old server (its socket is in the volume), with a throwaway new cluster. */
  static final String CHECK = PATHS + """
      T=/tmp/pgaddon-check
      cd /tmp
      "$NEW_BIN/initdb" -D $T %1$s $(checksums $CUR) > /tmp/initdb.out 2>&1 || { cat /tmp/initdb.out; exit 1; }
      if "$NEW_BIN/pg_upgrade" --check -b "$OLD_BIN" -B "$NEW_BIN" -d $CUR -D $T -U postgres > /tmp/check.out 2>&1; then
        echo "pg_upgrade --check: clusters are compatible"; exit 0
      fi
      sed -n '/failed\\|fatal\\|FATAL/,$p' /tmp/check.out | grep -v '^Failure, exiting'
      for f in $(grep -o "$T/pg_upgrade_output.d/[^ ]*\\.txt" /tmp/check.out); do echo "Listed in $(basename $f):"; head -n 20 "$f"; done
      exit 4
      """.formatted(NodeScripts.INITDB_OPTIONS);

  /**
   * pg_upgrade --link of the stopped cluster. A second run finishes an interrupted swap or, before
   * that, restores the old directory (pg_control.old is how --link marks it) and starts over.
   */
  static final String UPGRADE = PATHS + """
      if [ "$(major $CUR)" = "$NEW_MAJOR" ]; then echo "already upgraded to $NEW_MAJOR, nothing to do"; exit 0; fi
      if [ ! -e $CUR ] && [ -f $NEW/pgaddon-upgraded ]; then mv -T $NEW $CUR; echo "finished the swap to $NEW_MAJOR"; exit 0; fi
      if [ -e $SAVED ]; then echo "$SAVED already exists (left by an earlier upgrade): restore or remove it first"; exit 4; fi
      if [ -e $NEW ]; then echo "removing the leftover of an interrupted attempt"; rm -rf $NEW; fi
      if [ -f $CUR/global/pg_control.old ]; then mv $CUR/global/pg_control.old $CUR/global/pg_control; fi
      [ "$(major $CUR)" = "$OLD_MAJOR" ] || { echo "the data directory holds PostgreSQL $(major $CUR), not $OLD_MAJOR"; exit 4; }
      "$NEW_BIN/initdb" -D $NEW %1$s $(checksums $CUR) > /tmp/initdb.out 2>&1 || { cat /tmp/initdb.out; exit 1; }
      cd $D
      if ! "$NEW_BIN/pg_upgrade" --link -j 2 -b "$OLD_BIN" -B "$NEW_BIN" -d $CUR -D $NEW -U postgres -p 50432 -P 50433 \\
          > /tmp/upgrade.out 2>&1; then
        step=$(grep -B1 '^\\*failure\\*' /tmp/upgrade.out | head -n 1 | sed 's/ *$//')
        # With -j, other databases' restores are terminated too: the first ERROR of any log is the cause.
        error=$(cat $NEW/pg_upgrade_output.d/*/log/*.log 2>/dev/null | grep -m 1 'ERROR:' || true)
        if [ -n "$step" ] && [ -n "$error" ]; then
          echo "$step failed:"; echo "$error"
        else
          sed -n '/\\*failure\\*\\|fatal\\|failed/,$p' /tmp/upgrade.out | grep -v '^Failure, exiting' | tail -n 8
        fi
        exit 4
      fi
      grep -E '^(Upgrade Complete|Checking for extension updates)' /tmp/upgrade.out || true
      cp $CUR/pg_hba.conf $NEW/pg_hba.conf
      if [ -f $CUR/postgresql.auto.conf ]; then cp $CUR/postgresql.auto.conf $NEW/postgresql.auto.conf; fi
      # The old follower cannot follow the new major: commits must not wait for it (synchronous again
      # once the new follower streams), or the first one after the upgrade waits forever.
      sed -i '/^synchronous_standby_names/d' $NEW/postgresql.auto.conf 2>/dev/null || true
      rm -f $D/delete_old_cluster.sh
      touch $NEW/pgaddon-upgraded
      mv -T $CUR $SAVED
      mv -T $NEW $CUR
      echo "pg_upgrade --link done: PostgreSQL $OLD_MAJOR -> $NEW_MAJOR"
      """.formatted(NodeScripts.INITDB_OPTIONS);

  /**
   * The old directory back in place, as the documentation of --link allows as long as the new
   * server never started: drop the new directory (links only) and remove pg_control's .old suffix.
   */
  static final String RESTORE = PATHS + """
      DISCARD=$D/pgdata-$NEW_MAJOR.discard
      if [ "$(major $CUR)" = "$NEW_MAJOR" ]; then
        [ -d $SAVED ] || { echo "no saved PostgreSQL $OLD_MAJOR directory to restore"; exit 4; }
        # A rename, not rm -rf: a retry after a kill never finds half a directory in place.
        rm -rf $DISCARD; mv -T $CUR $DISCARD
      fi
      if [ ! -e $CUR ] && [ -d $SAVED ]; then mv -T $SAVED $CUR; fi
      rm -rf $DISCARD $NEW
      if [ -f $CUR/global/pg_control.old ]; then mv $CUR/global/pg_control.old $CUR/global/pg_control; fi
      [ "$(major $CUR)" = "$OLD_MAJOR" ] || { echo "the data directory holds PostgreSQL $(major $CUR), not $OLD_MAJOR"; exit 4; }
      echo "PostgreSQL $OLD_MAJOR data directory restored"
      """;

  static final String DELETE_OLD = PATHS + """
      [ "$(major $CUR)" = "$NEW_MAJOR" ] || { echo "the live directory is not PostgreSQL $NEW_MAJOR: keeping $SAVED"; exit 4; }
      rm -rf $SAVED $NEW
      echo "old PostgreSQL $OLD_MAJOR directory deleted"
      """;

  /** One stage of vacuumdb --analyze-in-stages; PGOPTIONS carries the stage's settings. */
  static final String ANALYZE = """
      set -eu
      vacuumdb -h "$HOST" -p "$PORT" -U postgres --all --analyze-only 2>&1
      """;
}
