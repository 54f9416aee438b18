package dev.outrider.toolbox.artifact;

/**
 * The remote layout {@code artifacts/<jobs|workflows|projects>/<id>/<path>} and the path rules of
 * Semaphore's {@code artifact} CLI (artifact-protocol.md §2): slash-separated, cleaned like Go's
 * {@code path.Clean}.
 *
 * @param scope whose artifacts
 * @param id    the job's, workflow's or project's id
 */
record RemotePaths(Scope scope, String id) {

    /** @return {@code artifacts/<plural>/<id>/<path>}, cleaned */
    String prefixed(String path) {
        return clean("artifacts/" + scope.plural() + "/" + id + "/" + path);
    }

    /** A push: the remote path from {@code --destination} (made relative) or the source's base name. */
    Resolved push(String source, String destination) {
        String relative = toRelative(destination);
        return new Resolved(clean(source), prefixed(relative.isEmpty() ? base(source) : relative));
    }

    /** A pull: the remote path is the argument made relative; the local one {@code --destination} or its base name. */
    Resolved pull(String source, String destination) {
        String remote = toRelative(source);
        String local = clean(destination.isEmpty() ? base(remote) : destination);
        return new Resolved(prefixed(remote), local);
    }

    /** A yank: the argument made relative. */
    String yank(String path) {
        return prefixed(toRelative(path));
    }

    /**
     * A resolved command.
     *
     * @param source      where the bytes come from (local for push, remote for pull)
     * @param destination where they go
     */
    record Resolved(String source, String destination) {
    }

    /** Cleans a path, then drops its leading {@code ./}, {@code ../} and {@code /}; {@code ""} for only dots. */
    static String toRelative(String path) {
        String cleaned = clean(path);
        if (cleaned.chars().allMatch(c -> c == '.')) {
            return "";
        }
        int start = 0;
        while (start < cleaned.length() && (cleaned.charAt(start) == '.' || cleaned.charAt(start) == '/')) {
            start++;
        }
        // dots right before the first other character belong to a name such as ".hidden"
        int keep = start;
        while (keep > 0 && cleaned.charAt(keep - 1) == '.') {
            keep--;
        }
        return cleaned.substring(keep);
    }

    /** Go's {@code path.Base}. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.equals("/")) {
            return "/";
        }
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Go's {@code path.Clean}. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
