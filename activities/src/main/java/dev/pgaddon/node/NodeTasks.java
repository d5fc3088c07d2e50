package dev.pgaddon.node;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import dev.pgaddon.docker.DataVolumes;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.OneShotContainer;
import dev.pgaddon.docker.ScriptResult;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.operation.AddonNames;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named PostgreSQL step (initdb, pg_basebackup, pg_upgrade, vacuumdb...): a program of the node
 * image run in a one-shot container beside a node. One log line when it starts and one when it
 * ends, heartbeats while it runs, its result read as a {@link ScriptResult}.
 */
public final class NodeTasks {
  private static final Logger log = LoggerFactory.getLogger(NodeTasks.class);

  private final OneShotContainer oneShot;

  public NodeTasks(DockerClient docker) {
    this.oneShot = new OneShotContainer(docker);
  }

  /** Where a step runs: on a node's volume (or none), or on explicit mounts as a user. */
  public record Mounts(String user, List<Bind> binds, String alsoOn) {
    public Mounts(String user, List<Bind> binds) {
      this(user, binds, null);
    }

    /** The same mounts, the task also on that network. */
    public Mounts alsoOn(String network) {
      return new Mounts(user, binds, network);
    }

    public static Mounts volume(String volume) {
      return new Mounts("postgres", volume == null ? List.of() : List.of(DataVolumes.mount(volume)));
    }

    public static Mounts none() {
      return volume(null);
    }
  }

  /** Runs the step; a non-zero exit throws, with the program's message or the output's last lines. */
  public ScriptResult run(String step, AddonRef addon, String node, String image, Mounts mounts, List<String> env,
      Map<String, String> secrets, List<String> command) {
    ScriptResult result = runAllowingFailure(step, addon, node, image, mounts, env, secrets, command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(step + " failed (exit " + result.exitCode() + "): " + result.explanation());
    }
    return result;
  }

  /** Runs the step and returns what it reports, for steps whose refusals the caller explains. */
  public ScriptResult runAllowingFailure(String step, AddonRef addon, String node, String image, Mounts mounts,
      List<String> env, Map<String, String> secrets, List<String> command) {
    log.info("step {}: starting on {} of {}", step, node, addon.addonId());
    long started = System.nanoTime();
    var ran = oneShot.run(taskName(addon, node, step), image, mounts.user(), mounts.binds(),
        Labels.forAddon(addon, node, "task"), env, secrets, command, mounts.alsoOn(), () -> heartbeat(step, started));
    ScriptResult result = ScriptResult.parse(ran.exitCode(), ran.output());
    if (ran.exitCode() != 0) {
      log.warn("step {}: failed on {} of {} (exit {}, {})", step, node, addon.addonId(), ran.exitCode(), result.outcome());
    } else {
      log.info("step {}: {} on {} of {} in {} ms", step, result.outcome(), node, addon.addonId(),
          (System.nanoTime() - started) / 1_000_000L);
    }
    return result;
  }

  private static String taskName(AddonRef addon, String node, String step) {
    return AddonNames.containerName(addon.addonId(), node) + "-" + step.replace('_', '-');
  }

  private static void heartbeat(String step, long started) {
    Activity.getExecutionContext().heartbeat(step + " running for " + (System.nanoTime() - started) / 1_000_000_000L + " s");
  }

  public static String lastLines(String text) {
    return ScriptResult.lastLines(text, 3);
  }
}
