package dev.pgaddon.node;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.docker.OneShotContainer;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.operation.AddonNames;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named PostgreSQL step (initdb, pg_basebackup, pg_upgrade, vacuumdb...) run in a one-shot
 * container beside a node: one log line when it starts and one when it ends, heartbeats while it
 * runs, its error wrapped with the step's name.
 */
public final class NodeTasks {
  private static final Logger log = LoggerFactory.getLogger(NodeTasks.class);

  private final OneShotContainer oneShot;

  public NodeTasks(DockerClient docker) {
    this.oneShot = new OneShotContainer(docker);
  }

  /** Runs the step; a non-zero exit throws, with the exit code and the output's last lines. */
  public OneShotContainer.Result run(String step, AddonRef addon, String node, String image, String volume,
      List<String> env, String script) {
    return run(step, addon, node, image, volume, env, Map.of(), script);
  }

  /** @param secrets variables holding passwords: files in the container, never its environment */
  public OneShotContainer.Result run(String step, AddonRef addon, String node, String image, String volume,
      List<String> env, Map<String, String> secrets, String script) {
    var result = runAllowingFailure(step, addon, node, image, volume, env, secrets, script);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(step + " failed (exit " + result.exitCode() + "): " + lastLines(result.output()));
    }
    return result;
  }

  /** Runs the step and returns its exit code and output, for steps whose failure the caller explains. */
  public OneShotContainer.Result runAllowingFailure(String step, AddonRef addon, String node, String image,
      String volume, List<String> env, String script) {
    return runAllowingFailure(step, addon, node, image, volume, env, Map.of(), script);
  }

  public OneShotContainer.Result runAllowingFailure(String step, AddonRef addon, String node, String image,
      String volume, List<String> env, Map<String, String> secrets, String script) {
    log.info("step {}: starting on {} of {}", step, node, addon.addonId());
    long started = System.nanoTime();
    var result = oneShot.run(taskName(addon, node, step), image, volume, Labels.forAddon(addon, node, "task"), env, secrets,
        script, () -> heartbeat(step, started));
    if (result.exitCode() != 0) {
      log.warn("step {}: failed on {} of {} (exit {})", step, node, addon.addonId(), result.exitCode());
    } else {
      log.info("step {}: done on {} of {} in {} ms", step, node, addon.addonId(), (System.nanoTime() - started) / 1_000_000L);
    }
    return result;
  }

  /** A step on explicit mounts (a volume and the backup repository, say), as {@code user}; a non-zero exit throws. */
  public OneShotContainer.Result run(String step, AddonRef addon, String node, String image, String user, List<Bind> binds,
      List<String> env, Map<String, String> secrets, String script) {
    log.info("step {}: starting on {} of {}", step, node, addon.addonId());
    long started = System.nanoTime();
    var result = oneShot.run(taskName(addon, node, step), image, user, binds, Labels.forAddon(addon, node, "task"), env,
        secrets, script, () -> heartbeat(step, started));
    if (result.exitCode() != 0) {
      log.warn("step {}: failed on {} of {} (exit {})", step, node, addon.addonId(), result.exitCode());
      throw new IllegalStateException(step + " failed (exit " + result.exitCode() + "): " + lastLines(result.output()));
    }
    log.info("step {}: done on {} of {} in {} ms", step, node, addon.addonId(), (System.nanoTime() - started) / 1_000_000L);
    return result;
  }

  private static String taskName(AddonRef addon, String node, String step) {
    return AddonNames.containerName(addon.addonId(), node) + "-" + step.replace('_', '-');
  }

  private static void heartbeat(String step, long started) {
    Activity.getExecutionContext().heartbeat(step + " running for " + (System.nanoTime() - started) / 1_000_000_000L + " s");
  }

  public static String lastLines(String text) {
    return lastLines(text, 3);
  }

  public static String lastLines(String text, int count) {
    String[] lines = text.strip().split("\n");
    return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - count), lines.length));
  }
}
