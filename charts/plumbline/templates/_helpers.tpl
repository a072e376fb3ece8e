{{/* Chart name. */}}
{{- define "plumbline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, or "<release>-plumbline" when the release name does not contain the chart name. */}}
{{- define "plumbline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "plumbline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Namespaces: app = the release namespace; data and monitoring default to it. */}}
{{- define "plumbline.ns.app" -}}{{ .Release.Namespace }}{{- end }}
{{- define "plumbline.ns.data" -}}{{ default .Release.Namespace .Values.namespaces.data }}{{- end }}
{{- define "plumbline.ns.monitoring" -}}{{ default .Release.Namespace .Values.namespaces.monitoring }}{{- end }}

{{/* Labels every resource carries (without the selector labels). */}}
{{- define "plumbline.commonLabels" -}}
helm.sh/chart: {{ include "plumbline.chart" . }}
app.kubernetes.io/part-of: plumbline
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of a resource that belongs to no single component. */}}
{{- define "plumbline.labels" -}}
{{ include "plumbline.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: call with (dict "ctx" $ "component" "booking-api"). */}}
{{- define "plumbline.componentLabels" -}}
{{ include "plumbline.commonLabels" .ctx }}
{{ include "plumbline.selectorLabels" . }}
{{- end }}

{{- define "plumbline.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end }}

{{/* Image of a Plumbline service: call with (dict "ctx" $ "repository" "booking-api"). With image.digests[repository]
set, pinned by digest (<registry>/<repository>:<tag>@sha256:...): the tag stays for people, the digest decides. */}}
{{- define "plumbline.image" -}}
{{- $ref := printf "%s/%s:%s" .ctx.Values.image.registry .repository (default .ctx.Chart.AppVersion .ctx.Values.image.tag) }}
{{- with index .ctx.Values.image.digests .repository }}
{{- $ref = printf "%s@%s" $ref . }}
{{- end }}
{{- $ref }}
{{- end }}

{{/* Host names of the dependencies. */}}
{{- define "plumbline.kafka.bootstrap" -}}
{{- printf "%s-kafka-bootstrap.%s.svc:9092" .Values.kafka.name (include "plumbline.ns.data" .) }}
{{- end }}
{{- define "plumbline.mysql.name" -}}{{ include "plumbline.fullname" . }}-mysql{{- end }}
{{- define "plumbline.mysql.headless" -}}{{ include "plumbline.mysql.name" . }}-headless{{- end }}
{{/* FQDN of MySQL pod N: call with (list $ N). */}}
{{- define "plumbline.mysql.host" -}}
{{- $ctx := index . 0 }}
{{- printf "%s-%v.%s.%s.svc" (include "plumbline.mysql.name" $ctx) (index . 1) (include "plumbline.mysql.headless" $ctx) (include "plumbline.ns.data" $ctx) }}
{{- end }}
{{- define "plumbline.proxysql.name" -}}{{ include "plumbline.fullname" . }}-proxysql{{- end }}
{{- define "plumbline.proxysql.host" -}}
{{- printf "%s.%s.svc" (include "plumbline.proxysql.name" .) (include "plumbline.ns.data" .) }}
{{- end }}
{{- define "plumbline.orchestrator.name" -}}{{ include "plumbline.fullname" . }}-orchestrator{{- end }}
{{- define "plumbline.alertRouter.url" -}}
{{- printf "http://%s-alert-router.%s.svc:%v" (include "plumbline.fullname" .) (include "plumbline.ns.app" .) .Values.alertRouter.port }}
{{- end }}

{{/* Container security context every container of the chart uses. */}}
{{- define "plumbline.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Pod security context of a third-party image running as uid/gid (call with the uid). */}}
{{- define "plumbline.podSecurityContextFor" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Topology spread across nodes (hard) and zones (soft): call with (dict "ctx" $ "component" "x"). */}}
{{- define "plumbline.topologySpread" -}}
topologySpreadConstraints:
  - maxSkew: {{ .ctx.Values.topologySpread.nodeMaxSkew }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels:
        {{- include "plumbline.selectorLabels" . | nindent 8 }}
  - maxSkew: {{ .ctx.Values.topologySpread.zoneMaxSkew }}
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "plumbline.selectorLabels" . | nindent 8 }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "plumbline.selectorLabels" . | nindent 14 }}
{{- end }}

{{/* An env var from secrets.database: call with (list $ "ENV_NAME" "secret-key"). */}}
{{- define "plumbline.dbSecretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ (index . 0).Values.secrets.database }}
      key: {{ index . 2 }}
{{- end }}
{{/* An env var from secrets.app: call with (list $ "ENV_NAME" "secret-key"). */}}
{{- define "plumbline.appSecretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ (index . 0).Values.secrets.app }}
      key: {{ index . 2 }}
{{- end }}

{{/* The list of distinct namespaces the chart deploys into. */}}
{{- define "plumbline.namespaces" -}}
{{- $list := list (include "plumbline.ns.app" .) (include "plumbline.ns.data" .) (include "plumbline.ns.monitoring" .) -}}
{{- toJson (uniq $list) }}
{{- end }}

{{/* The AlertmanagerConfig kube-prometheus-stack's Alertmanager takes as its root configuration. */}}
{{- define "plumbline.alertmanagerConfig.name" -}}{{ include "plumbline.fullname" . }}-alertmanager{{- end }}

{{/* The MySQL server booking-api's CDC reads the binlog of (pod 0, the initial primary), and the one backup-worker
dumps (the last replica): the CDC/backup settings and the NetworkPolicies that open 3306 for them use these. */}}
{{- define "plumbline.cdc.ordinal" -}}0{{- end }}
{{- define "plumbline.backup.ordinal" -}}{{ sub (int .Values.mysql.replicas) 1 }}{{- end }}
