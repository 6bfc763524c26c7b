// Activity service on Azure Functions (custom handler) in a Flex Consumption plan.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p @infra/main.parameters.json
//
// Everything connects with one user-assigned managed identity; no connection string or key is stored.
// See docs/deploy.md for the steps around it (publish, identity provider, smoke test, fallback plan).
//
// Sources: Microsoft Learn "Azure Functions custom handlers", "Flex Consumption plan hosting",
// "Use identity-based connections" (the <CONNECTION>__fullyQualifiedNamespace / __serviceUri /
// __accountName / __credential / __clientId settings), the Bicep references of Microsoft.Web/sites
// (functionAppConfig), Microsoft.ServiceBus/namespaces/queues and Microsoft.SignalRService/signalR, the
// Azure built-in roles list (role definition ids below), and the Azure Quickstart template
// "function-app-flex-managed-identities".

targetScope = 'resourceGroup'

@description('Region of every resource. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short lowercase prefix of resource names.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'activity'

@description('Suffix that makes globally unique names unique.')
@minLength(3)
param resourceToken string = toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix))

@description('OpenID Connect authority of the identity provider that issues the callers\' tokens (its /.well-known/openid-configuration lists the signing keys). App setting Auth__Authority.')
param authAuthority string

@description('The issuer (iss) the tokens must carry. App setting Auth__Issuer.')
param authIssuer string

@description('The audience (aud) the tokens must carry. App setting Auth__Audience.')
param authAudience string

@description('Tolerated clock difference between the token issuer and the app, in seconds. App setting Auth__ClockSkewSeconds.')
@minValue(0)
@maxValue(300)
param authClockSkewSeconds int = 30

@description('Days after which inbox markers and idempotency keys are removed by the retention timer.')
@minValue(1)
param keyRetentionDays int = 7

@description('Days after a delete when the retention timer removes the deleted activity\'s snapshot and tombstone.')
@minValue(1)
param deletedRetentionDays int = 30

@description('Table Storage table of the service. App setting Storage__TableName.')
param tableName string = 'activities'

@description('Browser origins allowed to call the API and negotiate (CORS), e.g. https://staff.example.com.')
param allowedOrigins array = []

@description('Flex Consumption runtime version of the custom handler stack (az functionapp list-flexconsumption-runtimes --location <region> --runtime custom).')
param functionAppRuntimeVersion string = '1.0'

@description('Memory of each Flex Consumption instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Deliveries of a lifecycle event before Service Bus dead-letters it (contract §6). Keep in step with LocalQueue__MaxDeliveries.')
@minValue(1)
param maxDeliveryCount int = 10

@description('Window in which Service Bus drops a message whose MessageId it has already seen (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT10M'

@description('SignalR Service tier: Free_F1 for trials (20 connections), Standard_S1 for production.')
@allowed([
  'Free_F1'
  'Standard_S1'
  'Premium_P1'
])
param signalRSku string = 'Standard_S1'

@description('Optional: object id of an operator (user) who may send test messages to the queue (Azure Service Bus Data Sender). Empty: none.')
param operatorPrincipalId string = ''

// Built-in role definition ids (Azure built-in roles reference).
var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  signalRServiceOwner: '7e4f1700-ea5a-4f59-8f37-079cfe29dce3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var appName = 'func-${namePrefix}-${resourceToken}'
var storageName = take('st${replace(namePrefix, '-', '')}${resourceToken}', 24)
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'
var eventQueueName = 'activity-events'
var hubName = 'activities'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: 'log-${namePrefix}-${resourceToken}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${resourceToken}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${namePrefix}-${resourceToken}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource activitiesTable 'tables' = {
      name: tableName
    }
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: 'sb-${namePrefix}-${resourceToken}'
  location: location
  // Duplicate detection needs Standard or Premium.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }

  resource eventQueue 'queues' = {
    name: eventQueueName
    properties: {
      maxDeliveryCount: maxDeliveryCount
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      lockDuration: 'PT1M'
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: 'P14D'
      requiresSession: false
      enablePartitioning: false
    }
  }
}

resource signalR 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: 'sigr-${namePrefix}-${resourceToken}'
  location: location
  kind: 'SignalR'
  sku: {
    name: signalRSku
    capacity: 1
  }
  properties: {
    // Serverless: no app server holds connections; the Functions bindings send through the REST API.
    features: [
      {
        flag: 'ServiceMode'
        value: 'Serverless'
      }
      {
        flag: 'EnableConnectivityLogs'
        value: 'True'
      }
    ]
    cors: {
      allowedOrigins: empty(allowedOrigins) ? [ '*' ] : allowedOrigins
    }
    // Access keys off: the Functions extension authenticates with the managed identity (SignalR Service Owner).
    disableLocalAuth: true
    tls: {
      clientCertEnabled: false
    }
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Functions host's own storage (AzureWebJobsStorage: keys, leases) and the Flex deployment container.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serviceBusDataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::eventQueue.id, identity.id, roles.serviceBusDataReceiver)
  scope: serviceBus::eventQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorServiceBusDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(serviceBus::eventQueue.id, operatorPrincipalId, roles.serviceBusDataSender)
  scope: serviceBus::eventQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: operatorPrincipalId
    principalType: 'User'
  }
}

resource signalRServiceOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(signalR.id, identity.id, roles.signalRServiceOwner)
  scope: signalR
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.signalRServiceOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${namePrefix}-${resourceToken}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  // azd (azure.yaml) deploys its service 'api' to the resource with this tag.
  tags: {
    'azd-service-name': 'api'
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The custom handler stack: host.json names the executable. Flex Consumption takes the runtime from
      // here and rejects FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION app settings.
      runtime: {
        name: 'custom'
        version: functionAppRuntimeVersion
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // The host's storage, with the identity.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      // function.json "connection": "ServiceBusConnection" (ProcessActivityEvent).
      ServiceBusConnection__fullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identity.properties.clientId
      // function.json "connectionStringSetting": "AzureSignalRConnectionString" (signalR, signalRConnectionInfo).
      AzureSignalRConnectionString__serviceUri: 'https://${signalR.properties.hostName}'
      AzureSignalRConnectionString__credential: 'managedidentity'
      AzureSignalRConnectionString__clientId: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      // The app's own settings (section__key). Its Table client uses DefaultAzureCredential, which picks the
      // user-assigned identity named by AZURE_CLIENT_ID.
      AZURE_CLIENT_ID: identity.properties.clientId
      Hosting__Mode: 'Functions'
      Storage__TableServiceUri: storage.properties.primaryEndpoints.table
      Storage__TableName: tableName
      Auth__Authority: authAuthority
      Auth__Issuer: authIssuer
      Auth__Audience: authAudience
      Auth__ClockSkewSeconds: string(authClockSkewSeconds)
      // Retention timer (docs/operations.md).
      Retention__KeyRetentionDays: string(keyRetentionDays)
      Retention__DeletedRetentionDays: string(deletedRetentionDays)
      Retention__PageSize: '100'
      Retention__MaxPagesPerRun: '20'
    }
    dependsOn: [
      tableDataContributor
      blobDataOwner
      serviceBusDataReceiver
      signalRServiceOwner
      metricsPublisher
      storage::tableServices::activitiesTable
    ]
  }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output resourceGroupName string = resourceGroup().name
output storageAccountName string = storage.name
output deploymentContainer string = deploymentContainerName
output serviceBusNamespace string = serviceBus.name
output eventQueue string = eventQueueName
output signalRHostName string = signalR.properties.hostName
output signalRHub string = hubName
output managedIdentityClientId string = identity.properties.clientId
output applicationInsightsName string = appInsights.name
output logAnalyticsWorkspaceName string = logAnalytics.name
