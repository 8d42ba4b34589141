package pipedream

import "github.com/pdconnect/pdconnect/server/connectapi"

// The JSON types of the components API (components, props, configure,
// reload and run calls, deployed triggers and their events) and of the app
// catalog are declared in package connectapi, which imports only the
// standard library: a browser bundle (the component form of
// wasm/connectui) uses them without linking this client and net/http.
// These aliases give them their names here too; see each in connectapi.
type (
	AlertType            = connectapi.AlertType
	Annotations          = connectapi.Annotations
	App                  = connectapi.App
	AppConnect           = connectapi.AppConnect
	AppList              = connectapi.AppList
	AppValue             = connectapi.AppValue
	AuthType             = connectapi.AuthType
	Component            = connectapi.Component
	ComponentList        = connectapi.ComponentList
	ComponentType        = connectapi.ComponentType
	ConfigurableProp     = connectapi.ConfigurableProp
	ConfigurePropRequest = connectapi.ConfigurePropRequest
	ConfigurePropResult  = connectapi.ConfigurePropResult
	ConfiguredProps      = connectapi.ConfiguredProps
	DeployedTrigger      = connectapi.DeployedTrigger
	DynamicProps         = connectapi.DynamicProps
	EmittedEvent         = connectapi.EmittedEvent
	EpochMillis          = connectapi.EpochMillis
	LabeledValue         = connectapi.LabeledValue
	Observation          = connectapi.Observation
	ObservationError     = connectapi.ObservationError
	PageInfo             = connectapi.PageInfo
	PropOption           = connectapi.PropOption
	PropType             = connectapi.PropType
	ReloadPropsRequest   = connectapi.ReloadPropsRequest
	ReloadPropsResult    = connectapi.ReloadPropsResult
	RunActionRequest     = connectapi.RunActionRequest
	RunError             = connectapi.RunError
	RunResult            = connectapi.RunResult
	ScopeProfile         = connectapi.ScopeProfile
	StashMode            = connectapi.StashMode
)

// Component types, registries and stash modes.
const (
	ComponentAction  = connectapi.ComponentAction
	ComponentTrigger = connectapi.ComponentTrigger
	RegistryPublic   = connectapi.RegistryPublic
	RegistryPrivate  = connectapi.RegistryPrivate
	RegistryAll      = connectapi.RegistryAll
	StashOptional    = connectapi.StashOptional
	StashRequired    = connectapi.StashRequired
)

// Prop types.
const (
	PropApp                 = connectapi.PropApp
	PropString              = connectapi.PropString
	PropStringArray         = connectapi.PropStringArray
	PropInteger             = connectapi.PropInteger
	PropIntegerArray        = connectapi.PropIntegerArray
	PropBoolean             = connectapi.PropBoolean
	PropObject              = connectapi.PropObject
	PropAny                 = connectapi.PropAny
	PropSQL                 = connectapi.PropSQL
	PropHTTPRequest         = connectapi.PropHTTPRequest
	PropAlert               = connectapi.PropAlert
	PropDir                 = connectapi.PropDir
	PropDataStore           = connectapi.PropDataStore
	PropTimer               = connectapi.PropTimer
	PropHTTP                = connectapi.PropHTTP
	PropApphook             = connectapi.PropApphook
	PropDB                  = connectapi.PropDB
	PropAirtableBaseID      = connectapi.PropAirtableBaseID
	PropAirtableTableID     = connectapi.PropAirtableTableID
	PropAirtableViewID      = connectapi.PropAirtableViewID
	PropAirtableFieldID     = connectapi.PropAirtableFieldID
	PropDiscordChannel      = connectapi.PropDiscordChannel
	PropDiscordChannelArray = connectapi.PropDiscordChannelArray
)

// Alert severities.
const (
	AlertInfo    = connectapi.AlertInfo
	AlertNeutral = connectapi.AlertNeutral
	AlertWarning = connectapi.AlertWarning
	AlertError   = connectapi.AlertError
)

// App auth types.
const (
	AuthOAuth = connectapi.AuthOAuth
	AuthKeys  = connectapi.AuthKeys
	AuthNone  = connectapi.AuthNone
)

// The export an action sets to describe its run, and a deployed trigger's type.
const (
	SummaryExport       = connectapi.SummaryExport
	DeployedTriggerType = connectapi.DeployedTriggerType
)

// Int64 returns a pointer to n, for ConfigurableProp.Min and Max.
func Int64(n int64) *int64 { return connectapi.Int64(n) }
