package io.segmentflow.it;

import io.segmentflow.adapters.in.rest.RestApi;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The endpoints the server really has, read by reflection from the JAX-RS resources of the adapters module: every
 * class with {@code @Path}, its methods' HTTP method annotations and paths, under the application's path. Each is
 * written as the OpenAPI document names an operation: {@code POST /api/v1/emails/{id}}.
 */
final class Endpoints {
    private Endpoints() {}

    static Set<String> ofTheResources() {
        String root = RestApi.class.getAnnotation(ApplicationPath.class).value();
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> type : adapterClasses()) {
            Path path = type.getAnnotation(Path.class);
            if (path != null) {
                collect(type, join(root, path.value()), endpoints);
            }
            collectPublicPage(type, endpoints);
        }
        return endpoints;
    }

    /**
     * A servlet that serves a public page outside the API (the unsubscribe link) names its path as the document does in
     * a constant {@code DOCUMENTED_PATH}; its operations are the {@code doGet}/{@code doPost} it declares.
     */
    private static void collectPublicPage(Class<?> type, Set<String> endpoints) {
        if (type.getAnnotation(jakarta.servlet.annotation.WebServlet.class) == null) {
            return;
        }
        String documented;
        try {
            documented = (String) type.getField("DOCUMENTED_PATH").get(null);
        } catch (NoSuchFieldException e) {
            return;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        for (Method method : type.getDeclaredMethods()) {
            switch (method.getName()) {
                case "doGet" -> endpoints.add("GET " + documented);
                case "doPost" -> endpoints.add("POST " + documented);
                default -> {}
            }
        }
    }

    private static void collect(Class<?> resource, String base, Set<String> endpoints) {
        for (Method method : resource.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String full = path == null ? base : join(base, path.value());
            List<String> verbs = httpMethods(method);
            if (verbs.isEmpty() && path != null) {
                // A sub-resource locator: the endpoints are those of the class it returns.
                collect(method.getReturnType(), full, endpoints);
            }
            verbs.forEach(verb -> endpoints.add(verb + " " + full));
        }
    }

    private static List<String> httpMethods(Method method) {
        List<String> verbs = new ArrayList<>();
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                verbs.add(verb.value());
            }
        }
        return verbs;
    }

    /** Joins path segments as JAX-RS does, and writes a template {@code {email: .+}} as OpenAPI does: {@code {email}}. */
    private static String join(String base, String path) {
        String joined = ("/" + base + "/" + path).replaceAll("/+", "/");
        joined = joined.replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** Every class of the adapters module, from its jar or its classes folder. */
    private static List<Class<?>> adapterClasses() {
        java.nio.file.Path location;
        try {
            location = Paths.get(RestApi.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<java.nio.file.Path> files = Files.walk(location)) {
                    files.map(f -> location.relativize(f).toString().replace('\\', '/'))
                            .filter(Endpoints::isClass)
                            .forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream()
                            .map(e -> e.getName())
                            .filter(Endpoints::isClass)
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no classes found in " + location);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            String className =
                    name.substring(0, name.length() - ".class".length()).replace('/', '.');
            try {
                classes.add(Class.forName(className, false, RestApi.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                // A class that cannot be read might be a resource: never pass over it in silence.
                throw new IllegalStateException("cannot read " + className + " to look for JAX-RS resources", e);
            }
        }
        return classes;
    }

    private static boolean isClass(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }
}
