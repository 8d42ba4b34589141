package catalog

// Categories used by the catalog, named as in Pipedream's.
const (
	catAI        = "Artificial Intelligence (AI)"
	catAnalytics = "Analytics"
	catCRM       = "CRM"
	catComms     = "Communication"
	catDB        = "Databases"
	catDesign    = "Design"
	catDev       = "Developer Tools"
	catCommerce  = "E-commerce"
	catEmail     = "Email"
	catFiles     = "File Storage"
	catFinance   = "Finance & Accounting"
	catForms     = "Forms & Surveys"
	catHR        = "Human Resources"
	catIT        = "IT Operations"
	catMarketing = "Marketing"
	catPayments  = "Payments"
	catPM        = "Project Management"
	catProd      = "Productivity"
	catSales     = "Sales"
	catSocial    = "Social Media"
	catSupport   = "Customer Support"
	catVideo     = "Video & Audio"
	catCalendar  = "Calendar"
	catUtility   = "Utilities"
)

// scopes lists an OAuth app's scopes per profile: read_only, read_write,
// admin. A nil profile is not offered.
type scopes struct{ ro, rw, admin []string }

// entry is one catalog row before the catalog derives ids and URLs.
type entry struct {
	slug, name string
	auth       string // oauth, keys or none
	color      string // logo background, #rrggbb
	cats       []string
	desc       string
	weight     float64
	scopes     scopes
	fields     []Field // keys apps only
}

// secret returns a required secret field.
func secret(name, label, pattern, hint string) Field {
	return Field{Name: name, Label: label, Type: "string", Secret: true, Pattern: pattern, Hint: hint}
}

// plain returns a required non-secret field.
func plain(name, label, pattern, hint string) Field {
	return Field{Name: name, Label: label, Type: "string", Pattern: pattern, Hint: hint}
}

// optional marks f optional.
func optional(f Field) Field { f.Optional = true; return f }

// entries is the catalog: well-known apps with their real names and slugs.
var entries = []entry{
	{"slack", "Slack", "oauth", "#4A154B", []string{catComms}, "Slack is a channel-based messaging platform. With Slack, people can work together more effectively, connect all their software tools and services, and find the information they need to do their best work.", 10000,
		scopes{[]string{"channels:read", "users:read", "team:read"}, []string{"channels:read", "channels:history", "chat:write", "users:read", "reactions:write"}, []string{"channels:manage", "chat:write", "users:read", "admin"}}, nil},
	{"google_sheets", "Google Sheets", "oauth", "#0F9D58", []string{catProd}, "Use Google Sheets to create and edit online spreadsheets. Get insights together with secure sharing in real-time and from any device.", 9900,
		scopes{[]string{"https://www.googleapis.com/auth/spreadsheets.readonly", "email"}, []string{"https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file", "email"}, []string{"https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/spreadsheets", "email"}}, nil},
	{"github", "GitHub", "oauth", "#24292F", []string{catDev}, "Where the world builds software. Millions of developers and companies build, ship, and maintain their software on GitHub.", 9800,
		scopes{[]string{"read:user", "read:org"}, []string{"repo", "read:user", "read:org", "workflow"}, []string{"repo", "admin:org", "admin:repo_hook", "delete_repo"}}, nil},
	{"notion", "Notion", "oauth", "#000000", []string{catProd}, "Notion is a new tool that blends your everyday work apps into one. It's the all-in-one workspace for you and your team.", 9700,
		scopes{[]string{"read_content"}, []string{"read_content", "update_content", "insert_content"}, nil}, nil},
	{"hubspot", "HubSpot", "oauth", "#FF7A59", []string{catCRM, catMarketing}, "HubSpot's CRM platform contains the marketing, sales, service, operations, and website-building software you need to grow your business.", 9600,
		scopes{[]string{"crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read"}, []string{"crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.deals.write"}, []string{"crm.objects.contacts.write", "settings.users.write", "crm.schemas.custom.write"}}, nil},
	{"stripe", "Stripe", "keys", "#635BFF", []string{catPayments}, "Stripe powers online and in-person payment processing and financial solutions for businesses of all sizes.", 9500, scopes{},
		[]Field{secret("api_key", "Secret key", `^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$`, "Starts with sk_test_, sk_live_, rk_test_ or rk_live_. Find it under Developers > API keys.")}},
	{"openai", "OpenAI (ChatGPT)", "keys", "#10A37F", []string{catAI}, "OpenAI is an AI research and deployment company with the mission to ensure that artificial general intelligence benefits all of humanity. They are the makers of popular models like ChatGPT, DALL-E, and Whisper.", 9400, scopes{},
		[]Field{secret("api_key", "API Key", `^sk-[A-Za-z0-9_-]{8,}$`, "Starts with sk-. Create one at platform.openai.com/api-keys."), optional(plain("organization", "Organization ID", `^org-[A-Za-z0-9]+$`, "Optional. Starts with org-."))}},
	{"gmail", "Gmail", "oauth", "#EA4335", []string{catEmail}, "Private and secure email by Google at no cost, for business and consumer accounts.", 9300,
		scopes{[]string{"https://www.googleapis.com/auth/gmail.readonly", "email"}, []string{"https://www.googleapis.com/auth/gmail.modify", "https://www.googleapis.com/auth/gmail.send", "email"}, []string{"https://mail.google.com/", "email"}}, nil},
	{"google_drive", "Google Drive", "oauth", "#1FA463", []string{catFiles}, "Google Drive is a file storage and synchronization service which allows you to create and share your work online, and access your documents from anywhere.", 9200,
		scopes{[]string{"https://www.googleapis.com/auth/drive.readonly", "email"}, []string{"https://www.googleapis.com/auth/drive.file", "email"}, []string{"https://www.googleapis.com/auth/drive", "email"}}, nil},
	{"discord", "Discord", "oauth", "#5865F2", []string{catComms}, "Use this app to interact with the Discord API using a bot in your account.", 9100,
		scopes{[]string{"identify", "guilds"}, []string{"identify", "guilds", "bot", "messages.read"}, []string{"identify", "guilds", "bot", "applications.commands"}}, nil},
	{"airtable_oauth", "Airtable", "oauth", "#18BFFF", []string{catDB, catProd}, "Airtable is a low-code platform to build next-gen apps. Move beyond rigid tools, operationalize your critical data, and reimagine workflows with AI.", 9000,
		scopes{[]string{"data.records:read", "schema.bases:read"}, []string{"data.records:read", "data.records:write", "schema.bases:read"}, []string{"data.records:write", "schema.bases:write", "webhook:manage"}}, nil},
	{"asana", "Asana", "oauth", "#F06A6A", []string{catPM}, "Work anytime, anywhere with Asana. Keep remote and distributed teams, and your entire organization, focused on their goals, projects, and tasks.", 8900,
		scopes{[]string{"default"}, []string{"default"}, nil}, nil},
	{"trello", "Trello", "oauth", "#0079BF", []string{catPM}, "Trello keeps track of everything, from the big picture to the minute details.", 8800,
		scopes{[]string{"read"}, []string{"read", "write"}, []string{"read", "write", "account"}}, nil},
	{"jira", "Jira", "oauth", "#0052CC", []string{catPM, catDev}, "The #1 software development tool used by agile teams to plan, track, and release world-class software.", 8700,
		scopes{[]string{"read:jira-work", "read:jira-user", "offline_access"}, []string{"read:jira-work", "write:jira-work", "read:jira-user", "offline_access"}, []string{"manage:jira-project", "manage:jira-configuration", "write:jira-work", "offline_access"}}, nil},
	{"salesforce_rest_api", "Salesforce", "oauth", "#00A1E0", []string{catCRM, catSales}, "Cloud-based customer relationship management (CRM) platform that helps businesses manage sales, marketing, customer support, and other business activities.", 8600,
		scopes{[]string{"api", "refresh_token"}, []string{"api", "refresh_token", "offline_access"}, []string{"full", "refresh_token"}}, nil},
	{"zoom", "Zoom", "oauth", "#2D8CFF", []string{catVideo, catComms}, "Zoom is a cloud-based video communications app that allows you to set up virtual video and audio conferencing, webinars, live chats, screen-sharing, and other collaborative capabilities.", 8500,
		scopes{[]string{"meeting:read", "user:read"}, []string{"meeting:read", "meeting:write", "user:read", "recording:read"}, []string{"meeting:write:admin", "user:write:admin", "recording:write:admin"}}, nil},
	{"dropbox", "Dropbox", "oauth", "#0061FF", []string{catFiles}, "Dropbox gives you secure access to all your files. Collaborate with friends, family, and coworkers from any device.", 8400,
		scopes{[]string{"files.metadata.read", "files.content.read", "account_info.read"}, []string{"files.metadata.read", "files.content.read", "files.content.write", "sharing.write"}, []string{"files.content.write", "sharing.write", "team_data.member"}}, nil},
	{"shopify", "Shopify", "oauth", "#7AB55C", []string{catCommerce}, "Shopify is a complete commerce platform that lets anyone start, manage, and grow a business. You can use Shopify to build an online store, manage sales, market to customers, and accept payments in digital and physical locations.", 8300,
		scopes{[]string{"read_products", "read_orders", "read_customers"}, []string{"read_products", "write_products", "read_orders", "write_orders", "read_customers"}, []string{"write_products", "write_orders", "write_customers", "write_themes"}}, nil},
	{"twilio", "Twilio", "keys", "#F22F46", []string{catComms}, "Twilio is a cloud communications platform for building SMS, Voice & Messaging applications on an API built for global scale.", 8200, scopes{},
		[]Field{plain("accountSid", "Account SID", `^AC[0-9a-fA-F]{32}$`, "Starts with AC followed by 32 hex digits."), secret("authToken", "Auth Token", `^[0-9a-fA-F]{32}$`, "32 hex digits, from the Twilio Console.")}},
	{"sendgrid", "SendGrid", "keys", "#1A82E2", []string{catEmail, catMarketing}, "Send marketing and transactional email through the Twilio SendGrid platform with the Email API, proprietary mail transfer agent, and infrastructure for scalable delivery.", 8100, scopes{},
		[]Field{secret("api_key", "API Key", `^SG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`, "Starts with SG. and has two dot-separated parts.")}},
	{"mailchimp", "Mailchimp", "oauth", "#FFE01B", []string{catMarketing, catEmail}, "Send marketing emails, automated messages, and targeted campaigns. And with detailed reports, you can keep improving your email marketing.", 8000,
		scopes{[]string{}, []string{}, nil}, nil},
	{"linear_app", "Linear (API key)", "keys", "#5E6AD2", []string{catPM, catDev}, "Linear helps streamline software projects, sprints, tasks, and bug tracking. It's built for high-performance teams.", 7500, scopes{},
		[]Field{secret("api_key", "Personal API key", `^lin_api_[A-Za-z0-9]{8,}$`, "Starts with lin_api_. Create one under Settings > API.")}},
	{"linear", "Linear", "oauth", "#5E6AD2", []string{catPM, catDev}, "Linear helps streamline software projects, sprints, tasks, and bug tracking. It's built for high-performance teams.", 7900,
		scopes{[]string{"read"}, []string{"read", "write", "issues:create", "comments:create"}, []string{"read", "write", "admin"}}, nil},
	{"figma", "Figma", "oauth", "#A259FF", []string{catDesign}, "Figma is a collaborative interface design tool that lets teams design, prototype, and hand off in one place.", 7800,
		scopes{[]string{"files:read"}, []string{"files:read", "file_comments:write"}, []string{"files:read", "file_comments:write", "webhooks:write"}}, nil},
	{"google_calendar", "Google Calendar", "oauth", "#4285F4", []string{catCalendar, catProd}, "With Google Calendar, you can quickly schedule meetings and events and get reminders about upcoming activities, so you always know what's next.", 7700,
		scopes{[]string{"https://www.googleapis.com/auth/calendar.readonly", "email"}, []string{"https://www.googleapis.com/auth/calendar.events", "email"}, []string{"https://www.googleapis.com/auth/calendar", "email"}}, nil},
	{"google_docs", "Google Docs", "oauth", "#4285F4", []string{catProd}, "Create and edit documents online, for free. Collaborate with others in real time.", 7600,
		scopes{[]string{"https://www.googleapis.com/auth/documents.readonly", "email"}, []string{"https://www.googleapis.com/auth/documents", "https://www.googleapis.com/auth/drive.file", "email"}, nil}, nil},
	{"microsoft_outlook", "Microsoft Outlook", "oauth", "#0078D4", []string{catEmail, catCalendar}, "Microsoft Outlook lets you bring all your email accounts and calendars in one convenient spot.", 7400,
		scopes{[]string{"User.Read", "Mail.Read", "Calendars.Read", "offline_access"}, []string{"User.Read", "Mail.ReadWrite", "Mail.Send", "Calendars.ReadWrite", "offline_access"}, nil}, nil},
	{"microsoft_teams", "Microsoft Teams", "oauth", "#6264A7", []string{catComms}, "Microsoft Teams has communities, events, chats, channels, meetings, storage, tasks, and calendars in one place.", 7300,
		scopes{[]string{"User.Read", "Team.ReadBasic.All", "Channel.ReadBasic.All", "offline_access"}, []string{"User.Read", "ChannelMessage.Send", "Chat.ReadWrite", "offline_access"}, []string{"Group.ReadWrite.All", "TeamSettings.ReadWrite.All", "offline_access"}}, nil},
	{"microsoft_onedrive", "Microsoft OneDrive", "oauth", "#0364B8", []string{catFiles}, "Save your files and photos to OneDrive and access them from any device, anywhere.", 7000,
		scopes{[]string{"Files.Read", "offline_access"}, []string{"Files.ReadWrite", "offline_access"}, []string{"Files.ReadWrite.All", "offline_access"}}, nil},
	{"anthropic", "Anthropic (Claude)", "keys", "#D97757", []string{catAI}, "AI research and products that put safety at the frontier. Introducing Claude, a next-generation AI assistant for your tasks, no matter the scale.", 7200, scopes{},
		[]Field{secret("api_key", "API Key", `^sk-ant-[A-Za-z0-9_-]{8,}$`, "Starts with sk-ant-. Create one in the Anthropic Console.")}},
	{"zendesk", "Zendesk", "oauth", "#03363D", []string{catSupport}, "Zendesk is award-winning customer service software trusted by 200K+ customers. Make customers happy via text, mobile, phone, email, live chat, social media.", 7100,
		scopes{[]string{"read"}, []string{"read", "write"}, []string{"read", "write", "impersonate"}}, nil},
	{"intercom", "Intercom", "oauth", "#1F8DED", []string{catSupport, catComms}, "The Business Messenger you and your customers will love.", 6900,
		scopes{[]string{}, []string{}, nil}, nil},
	{"pipedrive", "Pipedrive", "oauth", "#017737", []string{catCRM, catSales}, "Pipedrive is the easy-to-use, #1 user-rated CRM tool. Get more qualified leads and grow your business.", 6800,
		scopes{[]string{"deals:read", "contacts:read", "users:read"}, []string{"deals:full", "contacts:full", "activities:full"}, []string{"deals:full", "contacts:full", "admin"}}, nil},
	{"calendly_v2", "Calendly", "oauth", "#006BFF", []string{catCalendar, catProd}, "Calendly is an elegant and simple scheduling tool for businesses that eliminates email back and forth.", 6700,
		scopes{[]string{"default"}, []string{"default"}, nil}, nil},
	{"typeform", "Typeform", "oauth", "#262627", []string{catForms}, "Typeform lets you build no-code forms, quizzes, and surveys — and get more responses.", 6600,
		scopes{[]string{"forms:read", "responses:read", "accounts:read"}, []string{"forms:read", "forms:write", "responses:read", "webhooks:write"}, []string{"forms:write", "responses:write", "workspaces:write", "webhooks:write"}}, nil},
	{"google_forms", "Google Forms", "oauth", "#673AB7", []string{catForms}, "Easily create and share online forms and surveys, and analyze responses in real-time.", 6500,
		scopes{[]string{"https://www.googleapis.com/auth/forms.responses.readonly", "https://www.googleapis.com/auth/forms.body.readonly"}, []string{"https://www.googleapis.com/auth/forms.body", "https://www.googleapis.com/auth/forms.responses.readonly"}, nil}, nil},
	{"monday", "monday.com", "oauth", "#FF3D57", []string{catPM}, "monday.com is a work operating system where teams can create workflow apps in minutes to run their processes, projects, and everyday work.", 6400,
		scopes{[]string{"boards:read", "users:read", "me:read"}, []string{"boards:read", "boards:write", "updates:write", "me:read"}, []string{"boards:write", "workspaces:write", "users:write", "account:read"}}, nil},
	{"clickup", "ClickUp", "oauth", "#7B68EE", []string{catPM}, "One app to replace them all. Tasks, docs, chat, goals, and more.", 6300,
		scopes{[]string{}, []string{}, nil}, nil},
	{"todoist", "Todoist", "oauth", "#E44332", []string{catProd, catPM}, "The to-do list to organize work & life. Trusted by 30 million people and teams.", 6200,
		scopes{[]string{"data:read"}, []string{"data:read_write"}, []string{"data:read_write", "data:delete", "project:delete"}}, nil},
	{"box", "Box", "oauth", "#0061D5", []string{catFiles}, "Box is the Content Cloud: one secure platform for managing the entire content lifecycle.", 6100,
		scopes{[]string{"root_readonly"}, []string{"root_readwrite"}, []string{"root_readwrite", "manage_enterprise_properties", "manage_managed_users"}}, nil},
	{"quickbooks", "QuickBooks", "oauth", "#2CA01C", []string{catFinance}, "QuickBooks online accounting software helps small businesses track income and expenses, send invoices, and run payroll.", 6000,
		scopes{[]string{"com.intuit.quickbooks.accounting", "openid", "email"}, []string{"com.intuit.quickbooks.accounting", "openid", "email"}, []string{"com.intuit.quickbooks.accounting", "com.intuit.quickbooks.payment", "openid"}}, nil},
	{"xero_accounting_api", "Xero Accounting", "oauth", "#13B5EA", []string{catFinance}, "Xero is a cloud-based accounting software for small businesses.", 5900,
		scopes{[]string{"accounting.transactions.read", "accounting.contacts.read", "offline_access"}, []string{"accounting.transactions", "accounting.contacts", "offline_access"}, []string{"accounting.transactions", "accounting.settings", "accounting.contacts", "offline_access"}}, nil},
	{"zoho_crm", "Zoho CRM", "oauth", "#E42527", []string{catCRM, catSales}, "Zoho CRM is an online sales CRM software that manages your sales, marketing, and support in one CRM platform.", 5800,
		scopes{[]string{"ZohoCRM.modules.READ", "ZohoCRM.users.READ"}, []string{"ZohoCRM.modules.ALL", "ZohoCRM.users.READ"}, []string{"ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.ALL"}}, nil},
	{"linkedin", "LinkedIn", "oauth", "#0A66C2", []string{catSocial}, "LinkedIn is the world's largest professional network with more than 1 billion members in more than 200 countries and territories worldwide.", 5700,
		scopes{[]string{"openid", "profile", "email"}, []string{"openid", "profile", "email", "w_member_social"}, nil}, nil},
	{"twitter", "Twitter (X)", "oauth", "#000000", []string{catSocial}, "From breaking news and entertainment to sports and politics, get the full story with all the live commentary.", 5600,
		scopes{[]string{"tweet.read", "users.read", "offline.access"}, []string{"tweet.read", "tweet.write", "users.read", "offline.access"}, []string{"tweet.read", "tweet.write", "follows.write", "dm.write", "offline.access"}}, nil},
	{"youtube_data_api", "YouTube Data API", "oauth", "#FF0000", []string{catVideo, catSocial}, "The YouTube Data API lets you incorporate functions normally executed on the YouTube website into your own website or application.", 5500,
		scopes{[]string{"https://www.googleapis.com/auth/youtube.readonly"}, []string{"https://www.googleapis.com/auth/youtube"}, []string{"https://www.googleapis.com/auth/youtube.force-ssl"}}, nil},
	{"spotify", "Spotify", "oauth", "#1DB954", []string{catVideo}, "Spotify is a digital music service that gives you access to millions of songs.", 5400,
		scopes{[]string{"user-read-email", "playlist-read-private", "user-library-read"}, []string{"user-read-email", "playlist-modify-private", "playlist-modify-public", "user-library-modify"}, nil}, nil},
	{"gitlab", "GitLab", "oauth", "#FC6D26", []string{catDev}, "GitLab is the most comprehensive AI-powered DevSecOps platform.", 5300,
		scopes{[]string{"read_user", "read_api", "read_repository"}, []string{"api", "read_user", "write_repository"}, []string{"api", "sudo", "admin_mode"}}, nil},
	{"bitbucket", "Bitbucket", "oauth", "#0052CC", []string{catDev}, "Bitbucket is Git-based code hosting and collaboration for teams.", 5200,
		scopes{[]string{"account", "repository"}, []string{"account", "repository:write", "pullrequest:write"}, []string{"account", "repository:admin", "project:admin", "webhook"}}, nil},
	{"confluence", "Confluence", "oauth", "#172B4D", []string{catProd}, "Confluence is a team workspace where knowledge and collaboration meet.", 5100,
		scopes{[]string{"read:confluence-content.all", "read:confluence-space.summary", "offline_access"}, []string{"read:confluence-content.all", "write:confluence-content", "offline_access"}, []string{"write:confluence-space", "write:confluence-content", "manage:confluence-configuration", "offline_access"}}, nil},
	{"basecamp", "Basecamp", "oauth", "#1D2D35", []string{catPM}, "Basecamp is the all-in-one toolkit for working remotely: projects, to-dos, message boards, chat, and docs.", 5000,
		scopes{[]string{}, []string{}, nil}, nil},
	{"webflow", "Webflow", "oauth", "#146EF5", []string{catDesign, catMarketing}, "Webflow is a visual website builder that lets you design, build, and launch responsive websites without code.", 4900,
		scopes{[]string{"sites:read", "cms:read"}, []string{"sites:read", "cms:read", "cms:write", "forms:read"}, []string{"sites:write", "cms:write", "pages:write", "users:write"}}, nil},
	{"woocommerce", "WooCommerce", "keys", "#7F54B3", []string{catCommerce}, "WooCommerce is the open-source ecommerce platform for WordPress.", 4800, scopes{},
		[]Field{plain("url", "Store URL", `^https?://[^\s/]+(/.*)?$`, "Your store's address, e.g. https://shop.example.com."), plain("key", "Consumer key", `^ck_[0-9a-f]{40}$`, "Starts with ck_."), secret("secret", "Consumer secret", `^cs_[0-9a-f]{40}$`, "Starts with cs_.")}},
	{"mailgun", "Mailgun", "keys", "#F06B66", []string{catEmail}, "Mailgun is an email delivery service for sending, receiving, and tracking emails.", 4700, scopes{},
		[]Field{secret("api_key", "API Key", `^(key-)?[0-9a-f]{32}(-[0-9a-f]{8}-[0-9a-f]{8})?$`, "Your private API key, 32 hex digits (older keys start with key-)."), plain("domain_name", "Domain", `^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`, "The sending domain, e.g. mg.example.com."), optional(plain("region", "Region", `^(US|EU)$`, "US (default) or EU."))}},
	{"postmark", "Postmark", "keys", "#FFDE00", []string{catEmail}, "Postmark delivers transactional email fast, with great deliverability.", 4600, scopes{},
		[]Field{secret("server_api_token", "Server API token", `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, "A UUID, from your server's API Tokens tab.")}},
	{"datadog", "Datadog", "keys", "#632CA6", []string{catIT, catDev}, "Datadog is the essential monitoring and security platform for cloud applications.", 4500, scopes{},
		[]Field{secret("api_key", "API Key", `^[0-9a-f]{32}$`, "32 hex digits."), secret("application_key", "Application Key", `^[0-9a-f]{40}$`, "40 hex digits."), optional(plain("region", "Site", `^(datadoghq\.com|datadoghq\.eu|us3\.datadoghq\.com|us5\.datadoghq\.com|ap1\.datadoghq\.com|ddog-gov\.com)$`, "Optional, e.g. datadoghq.eu; defaults to datadoghq.com."))}},
	{"pagerduty", "PagerDuty", "oauth", "#06AC38", []string{catIT}, "PagerDuty is the central nervous system for a company's digital operations: incident response, on-call management and automation.", 4400,
		scopes{[]string{"read"}, []string{"read", "write"}, nil}, nil},
	{"sentry", "Sentry", "oauth", "#362D59", []string{catDev, catIT}, "Sentry is application monitoring software: error tracking and performance monitoring for developers.", 4300,
		scopes{[]string{"org:read", "project:read", "event:read"}, []string{"org:read", "project:write", "event:write"}, []string{"org:admin", "project:admin", "member:admin"}}, nil},
	{"supabase", "Supabase", "keys", "#3ECF8E", []string{catDB, catDev}, "Supabase is an open source Firebase alternative: a Postgres database, authentication, storage and realtime APIs.", 4200, scopes{},
		[]Field{plain("subdomain", "Project ref", `^[a-z0-9]{20}$`, "The 20-character id in your project's URL (https://<ref>.supabase.co)."), secret("service_key", "Service role key", `^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`, "A JWT starting with eyJ, from Project Settings > API.")}},
	{"postgresql", "PostgreSQL", "keys", "#336791", []string{catDB}, "PostgreSQL is a powerful, open source object-relational database system.", 4100, scopes{},
		[]Field{plain("host", "Host", `^[A-Za-z0-9.-]+$`, "Hostname or IP address, without scheme."), optional(plain("port", "Port", `^[0-9]{1,5}$`, "Default 5432.")), plain("user", "User", `^\S+$`, ""), secret("password", "Password", `^.+$`, ""), plain("database", "Database", `^\S+$`, "")}},
	{"mysql", "MySQL", "keys", "#00758F", []string{catDB}, "MySQL is an open-source relational database management system.", 4000, scopes{},
		[]Field{plain("host", "Host", `^[A-Za-z0-9.-]+$`, "Hostname or IP address, without scheme."), optional(plain("port", "Port", `^[0-9]{1,5}$`, "Default 3306.")), plain("username", "Username", `^\S+$`, ""), secret("password", "Password", `^.+$`, ""), plain("database", "Database", `^\S+$`, "")}},
	{"mongodb", "MongoDB", "keys", "#47A248", []string{catDB}, "MongoDB is an open source NoSQL database management program.", 3900, scopes{},
		[]Field{plain("hostname", "Hostname", `^[A-Za-z0-9.-]+$`, "e.g. cluster0.abcde.mongodb.net"), plain("username", "Username", `^\S+$`, ""), secret("password", "Password", `^.+$`, ""), optional(plain("database", "Database", `^\S+$`, ""))}},
	{"aws", "AWS", "keys", "#FF9900", []string{catDev, catIT}, "Amazon Web Services (AWS) is the world's most comprehensive and broadly adopted cloud platform.", 3800, scopes{},
		[]Field{plain("accessKeyId", "Access Key ID", `^(AKIA|ASIA)[A-Z0-9]{16}$`, "Starts with AKIA or ASIA, 20 characters."), secret("secretAccessKey", "Secret Access Key", `^[A-Za-z0-9/+=]{40}$`, "40 characters.")}},
	{"cloudflare_api_key", "Cloudflare", "keys", "#F38020", []string{catIT, catDev}, "Cloudflare is a global network designed to make everything you connect to the Internet secure, private, fast, and reliable.", 3700, scopes{},
		[]Field{secret("api_token", "API Token", `^[A-Za-z0-9_-]{40}$`, "40 characters, from My Profile > API Tokens.")}},
	{"google_gemini", "Google Gemini", "keys", "#8E75B2", []string{catAI}, "Gemini is Google's family of multimodal AI models.", 3650, scopes{},
		[]Field{secret("api_key", "API Key", `^AIza[0-9A-Za-z_-]{35}$`, "Starts with AIza. Create one in Google AI Studio.")}},
	{"mistral_ai", "Mistral AI", "keys", "#FA520F", []string{catAI}, "Mistral AI builds frontier open-weight and commercial language models.", 3600, scopes{},
		[]Field{secret("api_key", "API Key", `^[A-Za-z0-9]{32}$`, "32 letters and digits, from console.mistral.ai.")}},
	{"groqcloud", "GroqCloud", "keys", "#F55036", []string{catAI}, "Groq builds fast AI inference for open models.", 3550, scopes{},
		[]Field{secret("api_key", "API Key", `^gsk_[A-Za-z0-9]{20,}$`, "Starts with gsk_.")}},
	{"perplexity", "Perplexity", "keys", "#20808D", []string{catAI}, "Perplexity is an AI-powered answer engine with real-time web search.", 3500, scopes{},
		[]Field{secret("api_key", "API Key", `^pplx-[A-Za-z0-9]{20,}$`, "Starts with pplx-.")}},
	{"cohere", "Cohere", "keys", "#39594D", []string{catAI}, "Cohere provides enterprise AI models for generation, embeddings and search.", 3450, scopes{},
		[]Field{secret("api_key", "API Key", `^[A-Za-z0-9]{40}$`, "40 letters and digits, from dashboard.cohere.com.")}},
	{"replicate", "Replicate", "keys", "#000000", []string{catAI}, "Replicate lets you run machine learning models with a cloud API, without having to understand machine learning or manage your own infrastructure.", 3400, scopes{},
		[]Field{secret("api_token", "API Token", `^r8_[A-Za-z0-9]{20,}$`, "Starts with r8_.")}},
	{"elevenlabs", "ElevenLabs", "keys", "#000000", []string{catAI, catVideo}, "ElevenLabs creates lifelike text-to-speech and voice AI.", 3350, scopes{},
		[]Field{secret("api_key", "API Key", `^(sk_)?[0-9a-f]{32,48}$`, "Your xi-api-key, from your profile settings.")}},
	{"pinecone", "Pinecone", "keys", "#000000", []string{catAI, catDB}, "Pinecone is the vector database for building knowledgeable AI.", 3300, scopes{},
		[]Field{secret("api_key", "API Key", `^(pcsk_[A-Za-z0-9_]{20,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`, "Starts with pcsk_ (older keys are UUIDs).")}},
	{"resend", "Resend", "keys", "#000000", []string{catEmail, catDev}, "Resend is the email API for developers.", 3250, scopes{},
		[]Field{secret("api_key", "API Key", `^re_[A-Za-z0-9_]{8,}$`, "Starts with re_.")}},
	{"brevo", "Brevo", "keys", "#0B996E", []string{catMarketing, catEmail}, "Brevo (formerly Sendinblue) is a marketing platform for email, SMS and chat campaigns.", 3200, scopes{},
		[]Field{secret("api_key", "API Key", `^xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}$`, "Starts with xkeysib-.")}},
	{"algolia", "Algolia", "keys", "#003DFF", []string{catDev}, "Algolia is a search and discovery API platform.", 3150, scopes{},
		[]Field{plain("application_id", "Application ID", `^[A-Z0-9]{10}$`, "10 uppercase letters and digits."), secret("api_key", "Admin API Key", `^[0-9a-f]{32}$`, "32 hex digits.")}},
	{"telegram_bot_api", "Telegram Bot", "keys", "#26A5E4", []string{catComms}, "Telegram is a cloud-based messaging app; use a bot token to send and receive messages.", 3100, scopes{},
		[]Field{secret("token", "Bot token", `^[0-9]{6,12}:[A-Za-z0-9_-]{30,}$`, "From @BotFather, like 123456789:AA....")}},
	{"facebook_pages", "Facebook Pages", "oauth", "#0866FF", []string{catSocial, catMarketing}, "Facebook Pages let businesses, brands and organizations share stories and connect with people.", 3050,
		scopes{[]string{"pages_show_list", "pages_read_engagement"}, []string{"pages_show_list", "pages_read_engagement", "pages_manage_posts"}, []string{"pages_manage_metadata", "pages_manage_posts", "business_management"}}, nil},
	{"instagram_business", "Instagram for Business", "oauth", "#E4405F", []string{catSocial, catMarketing}, "Instagram for Business lets brands publish content, read insights and manage comments.", 3000,
		scopes{[]string{"instagram_basic", "pages_show_list"}, []string{"instagram_basic", "instagram_content_publish", "instagram_manage_comments"}, nil}, nil},
	{"reddit", "Reddit", "oauth", "#FF4500", []string{catSocial}, "Reddit is a network of communities where people can dive into their interests, hobbies and passions.", 2950,
		scopes{[]string{"identity", "read", "history"}, []string{"identity", "read", "submit", "edit", "vote"}, []string{"identity", "modposts", "modconfig", "modflair"}}, nil},
	{"docusign", "DocuSign", "oauth", "#FFCC22", []string{catProd}, "DocuSign lets you sign documents electronically and automate agreements.", 2900,
		scopes{[]string{"signature"}, []string{"signature", "extended"}, nil}, nil},
	{"bamboohr", "BambooHR", "keys", "#73C41D", []string{catHR}, "BambooHR is HR software for small and medium businesses.", 2850, scopes{},
		[]Field{plain("subdomain", "Company subdomain", `^[a-z0-9-]+$`, "The part before .bamboohr.com."), secret("api_key", "API Key", `^[0-9a-f]{40}$`, "40 hex digits.")}},
	{"freshdesk", "Freshdesk", "keys", "#25C16F", []string{catSupport}, "Freshdesk is customer support software for omnichannel ticketing.", 2800, scopes{},
		[]Field{plain("domain", "Domain", `^[a-z0-9-]+$`, "The part before .freshdesk.com."), secret("api_key", "API Key", `^[A-Za-z0-9]{16,24}$`, "From Profile settings > Your API Key.")}},
	{"google_analytics", "Google Analytics", "oauth", "#E37400", []string{catAnalytics}, "Google Analytics gives you the tools you need to better understand your customers.", 2750,
		scopes{[]string{"https://www.googleapis.com/auth/analytics.readonly"}, []string{"https://www.googleapis.com/auth/analytics.edit"}, []string{"https://www.googleapis.com/auth/analytics.manage.users"}}, nil},
	{"mixpanel", "Mixpanel", "keys", "#7856FF", []string{catAnalytics}, "Mixpanel is product analytics for understanding user behavior.", 2700, scopes{},
		[]Field{plain("service_account_username", "Service account username", `^\S+$`, ""), secret("service_account_secret", "Service account secret", `^\S{16,}$`, ""), plain("project_id", "Project ID", `^[0-9]+$`, "Digits only.")}},
	{"segment", "Segment", "keys", "#52BD94", []string{catAnalytics, catDev}, "Segment is a customer data platform that collects, cleans and routes your data.", 2650, scopes{},
		[]Field{secret("write_key", "Write key", `^[A-Za-z0-9]{20,40}$`, "The source's write key.")}},
	{"http", "HTTP / Webhook", "none", "#3D3D3D", []string{catUtility, catDev}, "Get a unique URL where you can send HTTP or webhook requests, and make HTTP requests to any API.", 2600, scopes{}, nil},
	{"rss", "RSS", "none", "#F26522", []string{catUtility}, "Real Simple Syndication (RSS) is a web feed that lets people and apps access updates to websites in a standardized, computer-readable format.", 2550, scopes{}, nil},
	{"schedule", "Schedule", "none", "#2A9D8F", []string{catUtility}, "Trigger workflows on recurring schedules: every few minutes, daily, or with a cron expression.", 2500, scopes{}, nil},
	{"data_stores", "Data Stores", "none", "#264653", []string{catUtility, catDB}, "Use Pipedream's built-in key-value data stores to save and retrieve data.", 2450, scopes{}, nil},
}
