{{/*
One Plumbline HTTP service: ServiceAccount, ConfigMap (non-secret env), Deployment, Service, PodDisruptionBudget,
HorizontalPodAutoscaler, ServiceMonitor. Call with
  (dict "ctx" $ "component" "booking-api" "svc" .Values.bookingApi "config" $configDict "secretEnv" $yamlList)
*/}}
{{- define "plumbline.service" -}}
{{- $ctx := .ctx -}}
{{- $svc := .svc -}}
{{- $name := printf "%s-%s" (include "plumbline.fullname" $ctx) .component -}}
{{- $config := merge (dict) $svc.config .config -}}
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
      containers:
        - name: {{ .component }}
          image: {{ include "plumbline.image" (dict "ctx" $ctx "repository" $svc.repository) }}
          imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          env:
            {{- .secretEnv | nindent 12 }}
          # actuator health groups: startup gives the JVM + Flyway + Kafka catch-up time, liveness restarts a
          # wedged JVM, readiness takes the pod out of the Service (e.g. booking-api before the maintenance log
          # has been read up to date)
          startupProbe:
            httpGet: {path: /actuator/health/liveness, port: http}
            periodSeconds: 5
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /actuator/health/liveness, port: http}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /actuator/health/readiness, port: http}
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
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
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
  endpoints:
    - port: http
      path: /actuator/prometheus
      interval: {{ $ctx.Values.monitoring.serviceMonitor.interval }}
      scrapeTimeout: 10s
{{- end }}
{{- end }}
