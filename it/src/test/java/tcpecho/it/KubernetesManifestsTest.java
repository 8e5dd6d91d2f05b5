package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s checked without a cluster: each manifest against the Kubernetes API schema, strictly
 * (an unknown or misspelt field fails, as with kubeconform -strict), then the properties this
 * server needs. The schema check uses the official Kubernetes Java client's models, generated from
 * the Kubernetes OpenAPI spec: kubeconform's release binary and its schemas come from GitHub, which
 * this project's machines and CI cannot download from.
 */
class KubernetesManifestsTest {
    private static final Path K8S = MasterProcess.HOME.resolve("deploy/k8s");
    private static final Gson GSON = new Gson();

    /**
     * A validator per kind: the generated model's own check (unknown and required fields, the JSON
     * type of objects, arrays and strings), then typed decoding, which catches a wrong scalar
     * (a string where the schema has an integer).
     */
    interface Schema {
        void validate(JsonElement json) throws IOException;
    }

    private static final Map<String, Schema> SCHEMAS = Map.of(
            "apps/v1 Deployment", json -> {
                V1Deployment.validateJsonElement(json);
                V1Deployment.fromJson(json.toString());
            },
            "v1 Service", json -> {
                V1Service.validateJsonElement(json);
                V1Service.fromJson(json.toString());
            },
            "policy/v1 PodDisruptionBudget", json -> {
                V1PodDisruptionBudget.validateJsonElement(json);
                V1PodDisruptionBudget.fromJson(json.toString());
            });

    @ParameterizedTest
    @ValueSource(strings = {"deployment.yaml", "service.yaml", "pdb.yaml"})
    void eachManifestIsValidAgainstTheKubernetesSchema(String file) throws Exception {
        for (JsonObject document : documents(Files.readString(K8S.resolve(file)))) {
            validate(document);
        }
    }

    @Test
    void theDirectoryHoldsExactlyTheCheckedManifests() throws Exception {
        try (var files = Files.list(K8S)) {
            assertEquals(List.of("deployment.yaml", "pdb.yaml", "service.yaml"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** The validator must catch what a cluster would refuse: each broken copy is rejected. */
    @ParameterizedTest
    @ValueSource(strings = {
            "replicas: 2=>replica: 2=>replica",                                  // unknown (misspelt) field
            "containerPort: 8090=>containerPort: \"eighty\"=>eighty",             // wrong type
            "        - name: tcp-echo\n          image=>        - image=>name",   // a container without its name
            "apiVersion: apps/v1=>apiVersion: apps/v1beta9=>apps/v1beta9"})      // an API version that does not exist
    void aBrokenDeploymentIsRejected(String edit) throws Exception {
        String[] change = edit.split("=>");
        String original = Files.readString(K8S.resolve("deployment.yaml"));
        assertTrue(original.contains(change[0]), "the edit applies: " + change[0]);
        String broken = original.replace(change[0], change[1]);

        Exception rejected = assertThrows(Exception.class, () -> {
            for (JsonObject document : documents(broken)) {
                validate(document);
            }
        }, "accepted: " + edit);
        assertTrue(String.valueOf(rejected.getMessage()).contains(change[2]), "the reason names " + change[2] + ": " + rejected);
    }

    @Test
    void theDeploymentFitsTheServer() throws Exception {
        V1Deployment deployment = V1Deployment.fromJson(GSON.toJson(documents(Files.readString(K8S.resolve("deployment.yaml"))).get(0)));
        var pod = deployment.getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);

        assertEquals("echo", container.getLivenessProbe().getTcpSocket().getPort().getStrValue());
        assertEquals(8090, container.getPorts().stream().filter(p -> p.getName().equals("echo")).findFirst().orElseThrow()
                .getContainerPort());

        V1EnvVar workers = env(container, "TCP_ECHO_WORKERS");
        assertEquals("limits.cpu", workers.getValueFrom().getResourceFieldRef().getResource());
        assertEquals(container.getName(), workers.getValueFrom().getResourceFieldRef().getContainerName());
        assertEquals(new Quantity("1"), workers.getValueFrom().getResourceFieldRef().getDivisor(),
                "divisor 1: whole CPUs, rounded up, so at least 1 worker");
        assertTrue(container.getResources().getLimits().containsKey("cpu"), "a CPU limit to count workers from");

        long shutdown = seconds(env(container, "TCP_ECHO_SHUTDOWN_TIMEOUT").getValue());
        long drain = seconds(env(container, "TCP_ECHO_DRAIN_TIMEOUT").getValue());
        long preStop = Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));
        long grace = pod.getTerminationGracePeriodSeconds();
        assertEquals(drain, shutdown, "a pod stopped by a rolling update drains as long as a reloaded generation");
        // the master gives workers 2 s past a timeout before it sends KILL
        long needed = preStop + Math.max(shutdown, drain) + 2;
        assertTrue(grace > needed && grace <= needed + 10,
                "grace " + grace + " s just above preStop + drain + 2 s (" + needed + " s): not cut short, not idle");
        assertTrue(preStop >= 2, "preStop " + preStop + " s: time for kube-proxy to drop the pod before TERM closes the port");
    }

    /** What a rolling update needs: an HTTP probe on /ready, and no moment with fewer serving pods. */
    @Test
    void aRollingUpdateWaitsForReadyPodsAndDrainsTheOldOnes() throws Exception {
        V1Deployment deployment = V1Deployment.fromJson(GSON.toJson(documents(Files.readString(K8S.resolve("deployment.yaml"))).get(0)));
        V1Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        var readiness = container.getReadinessProbe();
        assertEquals(null, readiness.getTcpSocket(), "a TCP probe is green before the workers serve");
        assertEquals("/ready", readiness.getHttpGet().getPath());
        assertEquals("metrics", readiness.getHttpGet().getPort().getStrValue());
        int metricsPort = container.getPorts().stream().filter(p -> p.getName().equals("metrics")).findFirst().orElseThrow()
                .getContainerPort();
        assertEquals("*:" + metricsPort, env(container, "TCP_ECHO_METRICS").getValue(),
                "the metrics endpoint listens on the probed port, on every interface (the kubelet probes the pod IP)");
        assertEquals(1, readiness.getFailureThreshold(), "one 503 takes the pod out");

        var strategy = deployment.getSpec().getStrategy();
        assertEquals("RollingUpdate", strategy.getType());
        assertEquals(0, strategy.getRollingUpdate().getMaxUnavailable().getIntValue(), "no old pod stops before a new one is ready");
        assertTrue(strategy.getRollingUpdate().getMaxSurge().getIntValue() >= 1, "room for the new pod");
    }

    @Test
    void theServiceAndTheBudgetSelectTheDeploymentsPods() throws Exception {
        V1Deployment deployment = V1Deployment.fromJson(GSON.toJson(documents(Files.readString(K8S.resolve("deployment.yaml"))).get(0)));
        V1Service service = V1Service.fromJson(GSON.toJson(documents(Files.readString(K8S.resolve("service.yaml"))).get(0)));
        V1PodDisruptionBudget pdb = V1PodDisruptionBudget.fromJson(GSON.toJson(documents(Files.readString(K8S.resolve("pdb.yaml"))).get(0)));
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        List<String> containerPorts = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(p -> p.getName()).toList();
        service.getSpec().getPorts().forEach(p -> assertTrue(containerPorts.contains(p.getTargetPort().getStrValue()),
                "service port " + p.getName() + " targets a named container port"));
        assertEquals(8090, service.getSpec().getPorts().stream().filter(p -> p.getName().equals("echo")).findFirst()
                .orElseThrow().getPort());
        assertTrue(pdb.getSpec().getMinAvailable().getIntValue() < deployment.getSpec().getReplicas(),
                "the budget leaves room to evict one pod at a time");
    }

    private static void validate(JsonObject document) throws IOException {
        String kind = document.get("apiVersion").getAsString() + " " + document.get("kind").getAsString();
        Schema schema = SCHEMAS.get(kind);
        if (schema == null) {
            throw new IOException("no schema for " + kind + " (known: " + SCHEMAS.keySet() + ")");
        }
        schema.validate(document);
    }

    /** Every YAML document in {@code text}, as JSON (what kubectl sends to the API server). */
    private static List<JsonObject> documents(String text) {
        List<JsonObject> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                documents.add(GSON.toJsonTree(document).getAsJsonObject());
            }
        }
        return documents;
    }

    private static V1EnvVar env(V1Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static long seconds(String duration) {
        assertTrue(duration.matches("\\d+s"), duration);
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }
}
