package dev.pgaddon.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Opens a regular file below a directory of the backup repository without following a symbolic
 * link at any step. The addons' nodes write in their directories there, so a link (to /etc/passwd,
 * to another addon's backups) or a device node must never be read by the API.
 *
 * <p>Each directory is opened relative to the one before it (openat with O_NOFOLLOW, through
 * {@link SecureDirectoryStream}), so a directory swapped for a link between a check and the open
 * is refused too. The file itself is checked to be a regular file before and after it is opened
 * (a FIFO would block the open, a device would be read raw).
 */
final class RepositoryFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** A link, or anything but a directory or a regular file, where the repository should have one. */
  static final class UnsafeFile extends IOException {
    UnsafeFile(String message) {
      super(message);
    }
  }

  private RepositoryFiles() {}

  /**
   * @param root the repository's root, the operator's (it may itself be a link)
   * @param dirs the directories from the root down to the file, each a single name
   */
  static InputStream open(Path root, List<String> dirs, String name) throws IOException {
    SecureDirectoryStream<Path> dir = secure(Files.newDirectoryStream(root));
    String shown = null;
    try {
      for (String d : dirs) {
        shown = shown == null ? d : shown + "/" + d;
        requireKind(dir, d, shown, true);
        SecureDirectoryStream<Path> next;
        try {
          next = dir.newDirectoryStream(single(d), NOFOLLOW);
        } catch (NoSuchFileException | AccessDeniedException e) {
          throw e;
        } catch (FileSystemException raced) {
          throw new UnsafeFile(shown + " is a symbolic link or was replaced");
        }
        dir.close();
        dir = next;
      }
      shown = shown == null ? name : shown + "/" + name;
      Object key = requireKind(dir, name, shown, false).fileKey();
      SeekableByteChannel channel;
      try {
        channel = dir.newByteChannel(single(name), Set.of(StandardOpenOption.READ, NOFOLLOW));
      } catch (NoSuchFileException | AccessDeniedException e) {
        throw e;
      } catch (FileSystemException raced) {
        throw new UnsafeFile(shown + " is a symbolic link or was replaced");
      }
      if (!Objects.equals(key, requireKind(dir, name, shown, false).fileKey())) {
        channel.close();
        throw new UnsafeFile(shown + " was replaced while it was opened");
      }
      return Channels.newInputStream(channel);
    } finally {
      dir.close();
    }
  }

  private static BasicFileAttributes requireKind(SecureDirectoryStream<Path> dir, String name, String shown,
      boolean directory) throws IOException {
    BasicFileAttributes a = dir.getFileAttributeView(single(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes();
    if (a.isSymbolicLink()) {
      throw new UnsafeFile(shown + " is a symbolic link");
    }
    if (directory ? !a.isDirectory() : !a.isRegularFile()) {
      throw new UnsafeFile(shown + " is not a " + (directory ? "directory" : "regular file"));
    }
    return a;
  }

  private static Path single(String name) {
    Path p = Path.of(name);
    if (p.getNameCount() != 1 || p.isAbsolute() || name.equals("..") || name.equals(".")) {
      throw new IllegalArgumentException("not a single file name: " + name);
    }
    return p;
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("this file system cannot open files without following links (no SecureDirectoryStream)");
  }
}
