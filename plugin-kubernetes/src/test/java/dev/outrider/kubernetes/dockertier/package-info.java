/**
 * The Docker tier of the Kubernetes tests: a cluster on 127.0.0.1 made of fabric8's mock API server (CRUD,
 * watches, status, expectations for injected faults) whose pods run as Docker containers of this machine.
 *
 * <ul>
 *   <li>{@link dev.outrider.kubernetes.dockertier.DockerCluster}: the whole cluster; in a test class,
 *       {@code @RegisterExtension static final WithDockerCluster env = new WithDockerCluster("name");}
 *       (skipped, with the reason printed, only when no Docker engine can start; {@code .ci/docker-env} is
 *       run when the engine or the test image is missing).</li>
 *   <li>{@code FakeKubelet}: pods → {@code docker run} per container ({@code <pod>--<container>}, the first
 *       owning the network, the others sharing its localhost), Secret/ConfigMap/emptyDir/hostPath volumes,
 *       env (values, fieldRef, secretKeyRef, configMapKeyRef), hostAliases, runAsUser, workingDir,
 *       command/args; status Running/ready, ErrImagePull, CreateContainerConfigError, Succeeded/Failed.</li>
 *   <li>{@code FakeJobController}: batch/v1 Jobs → one pod each, Job status in step with it.</li>
 *   <li>{@code ExecBridge}: pod exec over {@code v4.channel.k8s.io} into {@code docker exec} (a TTY through
 *       {@code script}); {@code cutStreams()} drops every stream without a status frame.</li>
 *   <li>{@link dev.outrider.kubernetes.dockertier.DockerEngine#image()}: the local job image (static bash
 *       and busybox); {@link dev.outrider.kubernetes.dockertier.OutriderImage}: Outrider's image built from
 *       the built distribution.</li>
 * </ul>
 *
 * <p>This package is also published as plugin-kubernetes' test-jar: the distribution's end-to-end tests
 * ({@code dist}, {@code Kubernetes*IT}) run the packaged agent and controller against it.
 */
package dev.outrider.kubernetes.dockertier;
