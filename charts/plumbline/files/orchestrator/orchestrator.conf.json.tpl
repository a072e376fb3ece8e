{
  "Debug": false,
  "EnableSyslog": false,
  "ListenAddress": ":3000",
  "StatusEndpoint": "/api/status",

  "MySQLTopologyCredentialsConfigFile": "/run/orchestrator/topology.cnf",
  "MySQLTopologySSLSkipVerify": true,
  "MySQLConnectTimeoutSeconds": 1,
  "MySQLDiscoveryReadTimeoutSeconds": 3,
  "MySQLTopologyReadTimeoutSeconds": 3,
  "DefaultInstancePort": 3306,
  "InstancePollSeconds": 5,
  "DiscoverByShowSlaveHosts": false,
  "HostnameResolveMethod": "none",
  "MySQLHostnameResolveMethod": "@@report_host",
  "UnseenInstanceForgetHours": 240,
  "ReasonableReplicationLagSeconds": 10,

  "BackendDB": "sqlite",
  "SQLite3DataFile": "/var/lib/orchestrator/orchestrator.sqlite3",
  "RaftEnabled": true,
  "RaftDataDir": "/var/lib/orchestrator",
  "RaftBind": "${ORC_POD_FQDN}",
  "RaftAdvertise": "${ORC_POD_FQDN}",
  "DefaultRaftPort": 10008,
  "RaftNodes": [{{ range $i := until (int .Values.orchestrator.replicas) }}{{ if $i }}, {{ end }}"{{ include "plumbline.orchestrator.name" $ }}-{{ $i }}.{{ include "plumbline.orchestrator.name" $ }}-headless.{{ include "plumbline.ns.data" $ }}.svc"{{ end }}],

  "DetectClusterAliasQuery": "SELECT '{{ .Values.mysql.clusterAlias }}'",
  "DetectClusterDomainQuery": "",
  "DetectInstanceAliasQuery": "SELECT @@report_host",

  "AutoPseudoGTID": false,
  "RecoveryPeriodBlockSeconds": {{ .Values.orchestrator.recoveryPeriodBlockSeconds }},
  "FailureDetectionPeriodBlockMinutes": 60,
  "RecoveryIgnoreHostnameFilters": [],
  "RecoverMasterClusterFilters": {{ .Values.orchestrator.recoverMasterClusterFilters | toJson }},
  "RecoverIntermediateMasterClusterFilters": {{ .Values.orchestrator.recoverMasterClusterFilters | toJson }},
  "ApplyMySQLPromotionAfterMasterFailover": true,
  "MasterFailoverDetachReplicaMasterHost": true,
  "MasterFailoverLostInstancesDowntimeMinutes": 60,
  "PreventCrossDataCenterMasterFailover": false,
  "DelayMasterPromotionIfSQLThreadNotUpToDate": true,
  "FailMasterPromotionOnLagMinutes": 0,
  "DetachLostReplicasAfterMasterFailover": true,
  "CoMasterRecoveryMustPromoteOtherCoMaster": true,
  "ProcessesShellCommand": "sh",

  "OnFailureDetectionProcesses": [
    "echo 'detected {failureType} on {failureClusterAlias} ({failedHost})' >&2"
  ],
  "PreFailoverProcesses": [
    "echo 'recovering {failureType} on {failureClusterAlias}: {failedHost} is lost' >&2"
  ],
  "PostMasterFailoverProcesses": [
    "/hooks/failover-hook.sh promoted '{failureType}' '{failureClusterAlias}' '{failedHost}' '{failedPort}' '{successorHost}' '{successorPort}'"
  ],
  "PostIntermediateMasterFailoverProcesses": [
    "echo 'intermediate master {failedHost} replaced by {successorHost}' >&2"
  ],
  "PostUnsuccessfulFailoverProcesses": [
    "/hooks/failover-hook.sh failed '{failureType}' '{failureClusterAlias}' '{failedHost}' '{failedPort}' '' ''"
  ]
}
