{{/* Names and labels: the same scheme as `helm create`, so names are <release>-<chart> unless overridden. */}}
{{- define "outrider.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "outrider.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "outrider.selectorLabels" -}}
app.kubernetes.io/name: {{ include "outrider.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "outrider.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "outrider.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The agents' service account, also named in the controller's KUBERNETES_SERVICE_ACCOUNT. */}}
{{- define "outrider.agentServiceAccount" -}}
{{ include "outrider.fullname" . }}-agent
{{- end }}

{{/* The pod spec decorator ConfigMap. */}}
{{- define "outrider.podSpecName" -}}
{{ include "outrider.fullname" . }}-pod-spec
{{- end }}

{{/*
"true" when jobs get the pre-job hook: it is mounted by the decorator, so both must be on (Semaphore's chart
passes the hook's flags even without a decorator, and every job then fails on a missing hook file).
*/}}
{{- define "outrider.preJobHookActive" -}}
{{- if and .Values.agent.defaultPodSpec.enabled .Values.agent.defaultPodSpec.preJobHook.enabled }}true{{ end }}
{{- end }}

{{- define "outrider.preJobHookFile" -}}
{{ .Values.agent.defaultPodSpec.preJobHook.path | trimSuffix "/" }}/pre-job-hook
{{- end }}

{{/* agent.allowedImages as one comma-separated string: a string as given, or a list joined. */}}
{{- define "outrider.allowedImages" -}}
{{- $allowed := .Values.agent.allowedImages }}
{{- if kindIs "slice" $allowed }}{{ join "," $allowed }}{{ else }}{{ $allowed }}{{ end }}
{{- end }}

{{/*
The flags every agent starts with (SEMAPHORE_AGENT_STARTUP_PARAMETERS; the controller splits them on spaces):
for the same values, the same flags in the same order as Semaphore's chart, then Outrider's.
*/}}
{{- define "outrider.startupParameters" -}}
{{- $flags := list }}
{{- if .Values.agent.defaultPodSpec.enabled }}
{{- $flags = concat $flags (list "--kubernetes-pod-spec" (include "outrider.podSpecName" .)) }}
{{- end }}
{{- if include "outrider.preJobHookActive" . }}
{{- $flags = concat $flags (list "--pre-job-hook-path" (include "outrider.preJobHookFile" .) "--source-pre-job-hook") }}
{{- if .Values.agent.defaultPodSpec.preJobHook.failOnError }}
{{- $flags = append $flags "--fail-on-pre-job-hook-error" }}
{{- end }}
{{- end }}
{{- if .Values.agent.podStartTimeout }}
{{- $flags = concat $flags (list "--kubernetes-pod-start-timeout" (toString .Values.agent.podStartTimeout)) }}
{{- end }}
{{- with include "outrider.allowedImages" . }}
{{- $flags = concat $flags (list "--kubernetes-allowed-images" .) }}
{{- end }}
{{- if .Values.agent.defaultImage }}
{{- $flags = concat $flags (list "--kubernetes-default-image" .Values.agent.defaultImage) }}
{{- end }}
{{- if .Values.noHttps }}
{{- $flags = append $flags "--no-https" }}
{{- end }}
{{- join " " $flags }}
{{- end }}

{{/* agent.labels as k=v,k=v (sorted by name), for SEMAPHORE_AGENT_LABELS. */}}
{{- define "outrider.agentLabels" -}}
{{- $pairs := list }}
{{- range $name, $value := .Values.agent.labels }}
{{- $pairs = append $pairs (printf "%s=%s" $name (toString $value)) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{/* The controller's log level: logs.level, else from Semaphore's klog verbosity (5 and more: debug). */}}
{{- define "outrider.logLevel" -}}
{{- if .Values.logs.level }}{{ .Values.logs.level }}
{{- else if ge (int .Values.logs.verbosity) 5 }}debug
{{- else }}info
{{- end }}
{{- end }}

{{- define "outrider.endpointSecretName" -}}
{{- .Values.endpointSecret.name | default (include "outrider.fullname" .) }}
{{- end }}

{{- define "outrider.endpointSecretKey" -}}
{{- if .Values.endpointSecret.name }}{{ .Values.endpointSecret.key | default "endpoint" }}{{ else }}endpoint{{ end }}
{{- end }}
