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

  /**
   * Puts new files, owned by the images' postgres user and readable by it alone, into a container
   * that is created but not started: secrets reach its processes this way, never through its
   * environment or command line (which `docker inspect` shows).
   *
   * @param files file names and contents, all put into {@code directory} (made if missing)
   */
  public void createPrivate(String container, String directory, java.util.Map<String, String> files) {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    String dir = directory.replaceAll("^/+", "").replaceAll("/+$", "");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry folder = new TarArchiveEntry(dir + "/");
      own(folder, 0700);
      out.putArchiveEntry(folder);
      out.closeArchiveEntry();
      for (var file : files.entrySet()) {
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(dir + "/" + file.getKey());
        entry.setSize(bytes.length);
        own(entry, 0600);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot pack the files for " + directory, e);
    }
    docker.copyArchiveToContainerCmd(container)
        .withRemotePath("/")
        .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
        .exec();
  }

  private static void own(TarArchiveEntry entry, int permissions) {
    entry.setMode((entry.isDirectory() ? 0040000 : 0100000) | permissions);
    entry.setUserId(NodeLayout.POSTGRES_UID);
    entry.setGroupId(NodeLayout.POSTGRES_GID);
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
