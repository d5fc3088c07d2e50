package dev.pgaddon.node;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import dev.pgaddon.docker.NodeLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** The PostgreSQL versions the platform offers: the tags of the node images that exist. */
public final class ImageCatalog {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
  private final DockerClient docker;

  public ImageCatalog(DockerClient docker) {
    this.docker = docker;
  }

  /** Versions, oldest first. */
  public List<String> versions() {
    List<String> versions = new ArrayList<>();
    for (Image image : docker.listImagesCmd().withImageNameFilter(NodeLayout.IMAGE_REPOSITORY).exec()) {
      if (image.getRepoTags() == null) {
        continue;
      }
      for (String tag : image.getRepoTags()) {
        String prefix = NodeLayout.IMAGE_REPOSITORY + ":";
        if (tag.startsWith(prefix) && VERSION.matcher(tag.substring(prefix.length())).matches()) {
          versions.add(tag.substring(prefix.length()));
        }
      }
    }
    versions.sort(Comparator.comparingInt((String v) -> part(v, 0)).thenComparingInt(v -> part(v, 1)));
    return versions;
  }

  private static int part(String version, int index) {
    return Integer.parseInt(version.split("\\.")[index]);
  }
}
