package com.example.booking.api;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker compose} cannot run here (no Docker engine), so the deployment files are checked as
 * data: the compose file parses and wires what a cluster needs, and the balancer upgrades WebSockets.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("..");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsAReplicaSetRedisTwoNodesAndABalancer() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("mongo1", "mongo2", "mongo3", "redis", "app1", "app2", "balancer");
        for (String mongo : List.of("mongo1", "mongo2", "mongo3")) {
            assertThat((List<String>) services.get(mongo).get("command")).contains("--replSet", "rs0");
        }
        for (String app : List.of("app1", "app2")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(app).get("environment");
            assertThat(environment.get("MONGODB_URI").toString()).contains("replicaSet=rs0");
            assertThat(environment.get("REDIS_URL").toString()).startsWith("redis://redis:");
            assertThat(environment).containsKey("BOOKING_JWT_SECRET");
            assertThat(services.get(app).get("build")).isEqualTo(".");
        }
        assertThat(Files.exists(ROOT.resolve("Dockerfile"))).isTrue();
        assertThat((List<String>) services.get("balancer").get("volumes")).anyMatch(v -> v.startsWith("./deploy/nginx.conf"));
    }

    @Test
    void theBalancerSpreadsRequestsAndUpgradesWebSockets() throws IOException {
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));

        assertThat(nginx).contains("server app1:8080;", "server app2:8080;", "location /ws",
                "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
                "proxy_http_version 1.1;");
    }
}
