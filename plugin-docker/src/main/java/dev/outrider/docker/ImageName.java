package dev.outrider.docker;

/**
 * An image reference split as the Engine API wants it for a pull.
 *
 * @param registry   the registry host ({@code docker.io} when the name has none)
 * @param repository the name without tag or digest ({@code postgres}, {@code 127.0.0.1:5000/team/app})
 * @param tag        the tag or digest to pull ({@code latest} when the name has neither)
 */
record ImageName(String registry, String repository, String tag) {

    static final String DOCKER_HUB = "docker.io";

    static ImageName parse(String image) {
        String name = image;
        String tag = "latest";
        int at = name.indexOf('@');
        if (at >= 0) {
            tag = name.substring(at + 1);
            name = name.substring(0, at);
        } else {
            int colon = name.lastIndexOf(':');
            if (colon > name.lastIndexOf('/')) {
                tag = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        return new ImageName(hasRegistry ? first : DOCKER_HUB, name, tag);
    }

    /** @return the reference with its tag or digest, as {@code docker image inspect} finds it */
    String reference() {
        return repository + (tag.startsWith("sha256:") ? "@" : ":") + tag;
    }
}
