package dev.pgaddon.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Replaces a file inside a container through the engine's archive API: two HTTP calls, no process
 * started in the container. The new file keeps the old one's owner and mode.
 */
public final class ContainerFile {
  private final DockerClient docker;
  /** Owner and mode by container id and path: read once, then every write is one call. */
  private final java.util.Map<String, TarArchiveEntry> owners = new java.util.concurrent.ConcurrentHashMap<>();

  public ContainerFile(DockerClient docker) {
    this.docker = docker;
  }

  public void write(String container, String path, String content) {
    // Keyed by name: a container made again under its name comes from the same image, with the same owner.
    TarArchiveEntry current = owners.computeIfAbsent(container + ":" + path, k -> entryOf(container, path));
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry entry = new TarArchiveEntry(path.substring(path.lastIndexOf('/') + 1));
      entry.setSize(bytes.length);
      entry.setMode(current.getMode());
      entry.setUserId(current.getLongUserId());
      entry.setGroupId(current.getLongGroupId());
      out.putArchiveEntry(entry);
      out.write(bytes);
      out.closeArchiveEntry();
    } catch (IOException e) {
      throw new IllegalStateException("cannot pack " + path, e);
    }
    docker.copyArchiveToContainerCmd(container)
        .withRemotePath(path.substring(0, path.lastIndexOf('/')))
        .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
        .exec();
  }

  private TarArchiveEntry entryOf(String container, String path) {
    try (InputStream raw = docker.copyArchiveFromContainerCmd(container, path).exec();
        TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      TarArchiveEntry entry = in.getNextEntry();
      if (entry == null) {
        throw new IllegalStateException(path + " is missing in " + container);
      }
      return entry;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + " in " + container, e);
    }
  }
}
