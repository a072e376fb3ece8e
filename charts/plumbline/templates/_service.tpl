{{/*
One Plumbline HTTP service: ServiceAccount, ConfigMap (non-secret env), Deployment, Service, PodDisruptionBudget,
HorizontalPodAutoscaler, PodMonitor. Call with
  (dict "ctx" $ "component" "booking-api" "svc" .Values.bookingApi "config" $configDict "secretEnv" $yamlList
        "flywayUrl" $jdbcUrl)
The service container holds only its DML credential (secretEnv); the schema is migrated before it starts by the
`migrate` init container (the same image with the single argument `migrate`: runs Flyway and exits), the only
container that receives the migrator's password. Actuator is served on its own port (svc.managementPort, container
port `management`): probes and the PodMonitor use it, the Service exposes only the application port.
*/}}
{{- define "plumbline.service" -}}
{{- $ctx := .ctx -}}
{{- $svc := .svc -}}
{{- $name := printf "%s-%s" (include "plumbline.fullname" $ctx) .component -}}
{{- /* the service never migrates (nor could it: no DDL grant), whatever svc.config says */ -}}
{{- $config := merge (dict "SPRING_FLYWAY_ENABLED" "false" "MANAGEMENT_SERVER_PORT" (toString $svc.managementPort)) $svc.config .config -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
data:
  {{- range $k, $v := $config }}
  {{ $k }}: {{ $v | toString | quote }}
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
    app.kubernetes.io/component: service
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "plumbline.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "plumbline.componentLabels" . | nindent 8 }}
        app.kubernetes.io/component: service
      annotations:
        # a changed setting rolls the pods (prometheus-community style checksum)
        checksum/config: {{ toJson $config | sha256sum }}
        {{- with $svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: 45
      securityContext:
        {{- toYaml $ctx.Values.podSecurityContext | nindent 8 }}
      {{- with $ctx.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- include "plumbline.topologySpread" . | nindent 6 }}
      {{- with $svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      initContainers:
        # the schema migration as a step of its own, with the migrator credential that the service never holds;
        # the pod's service container starts only after it exited 0
        - name: migrate
          image: {{ include "plumbline.image" (dict "ctx" $ctx "repository" $svc.repository) }}
          imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
          args: ["migrate"]
          env:
            - {name: SPRING_PROFILES_ACTIVE, value: {{ $ctx.Values.springProfiles | quote }}}
            - {name: JAVA_TOOL_OPTIONS, value: {{ $svc.javaOpts | quote }}}
            - {name: SPRING_FLYWAY_URL, value: {{ .flywayUrl | quote }}}
            - {name: SPRING_FLYWAY_USER, value: migrator}
            {{- include "plumbline.dbSecretEnv" (list $ctx "SPRING_FLYWAY_PASSWORD" "migrator-password") | nindent 12 }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "plumbline.containerSecurityContext" $ctx | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      containers:
        - name: {{ .component }}
          image: {{ include "plumbline.image" (dict "ctx" $ctx "repository" $svc.repository) }}
          imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
              protocol: TCP
            - name: management
              containerPort: {{ $svc.managementPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          env:
            {{- .secretEnv | nindent 12 }}
          # actuator health groups on the management port: startup gives the JVM + Kafka catch-up time, liveness
          # restarts a wedged JVM, readiness takes the pod out of the Service (e.g. booking-api before the maintenance
          # log has been read up to date)
          startupProbe:
            httpGet: {path: /actuator/health/liveness, port: management}
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /actuator/health/liveness, port: management}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /actuator/health/readiness, port: management}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          lifecycle:
            preStop:
              # let the endpoints controller take the pod out before Tomcat stops accepting
              sleep: {seconds: 5}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "plumbline.containerSecurityContext" $ctx | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "plumbline.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $svc.port }}
      targetPort: http
      protocol: TCP
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
spec:
  minAvailable: {{ $svc.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "plumbline.selectorLabels" . | nindent 6 }}
{{- if $svc.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $svc.autoscaling.minReplicas }}
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $svc.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
{{- if $ctx.Values.monitoring.serviceMonitor.enabled }}
---
# scraped on the pods' management port, which no Service exposes
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: {{ $name }}
  namespace: {{ include "plumbline.ns.app" $ctx }}
  labels:
    {{- include "plumbline.componentLabels" . | nindent 4 }}
    {{- with $ctx.Values.monitoring.selectorLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  jobLabel: app.kubernetes.io/name
  selector:
    matchLabels:
      {{- include "plumbline.selectorLabels" . | nindent 6 }}
  podMetricsEndpoints:
    - port: management
      path: /actuator/prometheus
      interval: {{ $ctx.Values.monitoring.serviceMonitor.interval }}
      scrapeTimeout: 10s
{{- end }}
{{- end }}
