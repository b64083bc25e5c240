/**
 * The large tool set of the selection benchmark: the latency world's two tools (`search`, `math`, exactly
 * as `world.ts` defines them) and 198 decoys, the kind of tools an agent gets from a dozen MCP servers:
 * 22 services (CRM, calendar, e-mail, files, issue tracker, weather, currency, maps, ...), 9 tools each,
 * with the naming, descriptions and parameters such servers use. Some decoys are near misses of the world's
 * tools on purpose (`wiki_search_pages`, `news_search_articles`, `stats_compute_summary`,
 * `movies_get_showtimes`), as real tool sets have, so that choosing by words alone can go wrong.
 *
 * The task questions of `questions.ts` use some decoys; to the dataset questions they are noise.
 */
import { TOOL_SPECS } from '../latency/world.js';

/** A tool of the catalogue: what the planner is shown. */
export interface CatalogueTool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input: an object of string, number or boolean parameters. */
  readonly parameters: {
    readonly type: 'object';
    readonly properties: Readonly<Record<string, { readonly type: string; readonly description?: string }>>;
    readonly required: readonly string[];
    readonly additionalProperties: false;
  };
}

/** A decoy as written below: `name`, description, and parameters as `name:type` (`?` marks an optional one). */
type Row = readonly [name: string, description: string, parameters: string];

const SERVICES: readonly (readonly Row[])[] = [
  [
    ['crm_search_contacts', 'Searches the CRM for contacts whose name, e-mail or company matches the text.', 'text:string limit?:number'],
    ['crm_get_contact', 'Returns one CRM contact with phone numbers, owner and last activity.', 'contact_id:string'],
    ['crm_create_contact', 'Creates a contact in the CRM.', 'name:string email:string company?:string'],
    ['crm_list_deals', 'Lists the open deals of a company in the sales pipeline, with stage and amount.', 'company:string stage?:string'],
    ['crm_update_deal_stage', 'Moves a deal to another pipeline stage.', 'deal_id:string stage:string'],
    ['crm_log_call', 'Logs a phone call with a contact, with notes.', 'contact_id:string notes:string'],
    ['crm_list_companies', 'Lists companies in the CRM by industry or region.', 'industry?:string region?:string'],
    ['crm_get_company', 'Returns a company record: size, industry, account owner, open deals.', 'company_id:string'],
    ['crm_assign_owner', 'Assigns an account owner to a company.', 'company_id:string owner_email:string'],
  ],
  [
    ['calendar_list_events', 'Lists calendar events between two dates.', 'start:string end:string calendar_id?:string'],
    ['calendar_create_event', 'Schedules a meeting and invites the attendees.', 'title:string start:string duration_minutes:number attendees?:string'],
    ['calendar_find_free_slot', 'Finds the first time slot when all the given people are free.', 'attendees:string duration_minutes:number'],
    ['calendar_cancel_event', 'Cancels a meeting and notifies the attendees.', 'event_id:string'],
    ['calendar_update_event', 'Changes the time or title of a meeting.', 'event_id:string start?:string title?:string'],
    ['calendar_get_event', 'Returns a meeting with its attendees, room and agenda.', 'event_id:string'],
    ['calendar_list_calendars', 'Lists the calendars the user can see.', ''],
    ['calendar_set_reminder', 'Sets a reminder before a meeting.', 'event_id:string minutes_before:number'],
    ['calendar_respond_invite', 'Accepts or declines a meeting invitation.', 'event_id:string response:string'],
  ],
  [
    ['email_send_message', 'Sends an e-mail.', 'to:string subject:string body:string'],
    ['email_search_inbox', 'Searches the inbox for messages matching a query.', 'query:string limit?:number'],
    ['email_get_message', 'Returns one e-mail with its body and attachments.', 'message_id:string'],
    ['email_reply', 'Replies to an e-mail thread.', 'message_id:string body:string'],
    ['email_forward', 'Forwards an e-mail to other recipients.', 'message_id:string to:string'],
    ['email_create_draft', 'Saves an e-mail as a draft without sending it.', 'to:string subject:string body:string'],
    ['email_list_folders', 'Lists the mailbox folders and their unread counts.', ''],
    ['email_move_message', 'Moves an e-mail to a folder.', 'message_id:string folder:string'],
    ['email_mark_read', 'Marks e-mails as read or unread.', 'message_id:string read:boolean'],
  ],
  [
    ['files_search', 'Searches the shared drive for documents by name or content.', 'query:string'],
    ['files_read_document', 'Returns the text of a document in the shared drive.', 'file_id:string'],
    ['files_create_document', 'Creates a document with the given text.', 'title:string content:string folder?:string'],
    ['files_list_folder', 'Lists the files in a drive folder.', 'folder:string'],
    ['files_share', 'Shares a file with people, as viewer or editor.', 'file_id:string email:string role:string'],
    ['files_delete', 'Moves a file to the trash.', 'file_id:string'],
    ['files_export_pdf', 'Exports a document as PDF and returns a link.', 'file_id:string'],
    ['files_get_revisions', 'Lists the revisions of a document, with authors.', 'file_id:string'],
    ['files_copy', 'Copies a file to another folder.', 'file_id:string folder:string'],
  ],
  [
    ['tracker_create_issue', 'Opens an issue in the issue tracker.', 'project:string title:string description?:string'],
    ['tracker_search_issues', 'Searches issues by text, status or assignee.', 'query:string status?:string'],
    ['tracker_get_issue', 'Returns an issue with its comments and history.', 'issue_key:string'],
    ['tracker_update_status', 'Moves an issue to another status (to do, in progress, done).', 'issue_key:string status:string'],
    ['tracker_assign_issue', 'Assigns an issue to a person.', 'issue_key:string assignee:string'],
    ['tracker_add_comment', 'Adds a comment to an issue.', 'issue_key:string comment:string'],
    ['tracker_list_sprints', 'Lists the sprints of a board with their dates.', 'board:string'],
    ['tracker_sprint_report', 'Summarises a sprint: issues done, carried over, velocity.', 'sprint_id:string'],
    ['tracker_link_issues', 'Links two issues (blocks, relates to, duplicates).', 'from_key:string to_key:string link_type:string'],
  ],
  [
    ['weather_get_current', 'Current conditions at a place: temperature, wind, humidity, sky.', 'location:string units?:string'],
    ['weather_get_forecast', 'Forecast for the next days at a place, day by day.', 'location:string days:number'],
    ['weather_get_alerts', 'Active severe weather warnings for a region.', 'region:string'],
    ['weather_get_air_quality', 'Air quality index and pollutants at a place.', 'location:string'],
    ['weather_get_history', 'Past daily weather at a place for a date range.', 'location:string start:string end:string'],
    ['weather_get_uv_index', 'UV index at a place for today.', 'location:string'],
    ['weather_get_sunrise_sunset', 'Sunrise and sunset times at a place on a date.', 'location:string date?:string'],
    ['weather_get_marine', 'Wave height, swell and sea temperature off a coast.', 'location:string'],
    ['weather_get_pollen', 'Pollen counts at a place.', 'location:string'],
  ],
  [
    ['currency_convert', 'Converts an amount of money from one currency to another at the current rate.', 'amount:number from:string to:string'],
    ['currency_get_rate', 'The exchange rate between two currencies.', 'base:string quote:string'],
    ['currency_get_history', 'Daily exchange rates between two currencies over a period.', 'base:string quote:string start:string end:string'],
    ['currency_list_supported', 'Lists the currencies the service converts.', ''],
    ['stocks_get_quote', 'The latest price, change and volume of a listed share.', 'ticker:string'],
    ['stocks_get_history', 'Daily closing prices of a share over a period.', 'ticker:string start:string end:string'],
    ['stocks_search_ticker', 'Finds the ticker symbol of a listed company.', 'company:string'],
    ['stocks_get_dividends', 'Dividends a share paid, by date.', 'ticker:string'],
    ['stocks_get_earnings', 'Quarterly earnings of a listed company.', 'ticker:string'],
  ],
  [
    ['maps_geocode', 'Turns an address or place name into coordinates.', 'address:string'],
    ['maps_reverse_geocode', 'Turns coordinates into an address.', 'latitude:number longitude:number'],
    ['maps_get_directions', 'Route and travel time between two places by car, transit, bike or on foot.', 'origin:string destination:string mode?:string'],
    ['maps_search_places', 'Finds places of a kind near a location (restaurants, pharmacies, ...).', 'query:string near:string'],
    ['maps_get_place_details', 'Opening hours, rating, phone and address of a place.', 'place_id:string'],
    ['maps_distance_matrix', 'Travel times between several origins and destinations.', 'origins:string destinations:string'],
    ['maps_get_timezone', 'The time zone and local time at a place.', 'location:string'],
    ['maps_get_elevation', 'Elevation above sea level at coordinates.', 'latitude:number longitude:number'],
    ['maps_static_image', 'A map image of an area, as a link.', 'center:string zoom:number'],
  ],
  [
    ['travel_search_flights', 'Searches flights between two airports on a date, with prices.', 'origin:string destination:string date:string'],
    ['travel_book_flight', 'Books a flight offer for a passenger.', 'offer_id:string passenger_name:string'],
    ['travel_search_hotels', 'Searches hotels in a city for given dates, with prices.', 'city:string check_in:string check_out:string'],
    ['travel_book_hotel', 'Books a hotel room offer.', 'offer_id:string guest_name:string'],
    ['travel_get_flight_status', 'Departure, arrival and delay of a flight.', 'flight_number:string date:string'],
    ['travel_search_trains', 'Searches train connections between two stations on a date.', 'origin:string destination:string date:string'],
    ['travel_get_visa_rules', 'Visa requirements for a nationality travelling to a country.', 'nationality:string destination:string'],
    ['travel_cancel_booking', 'Cancels a booking and returns the refund due.', 'booking_id:string'],
    ['travel_list_bookings', 'Lists the user\'s upcoming bookings.', ''],
  ],
  [
    ['shop_search_products', 'Searches the store catalogue for products, with prices and stock.', 'query:string max_price?:number'],
    ['shop_get_product', 'Returns a product with its description, price, reviews and stock.', 'product_id:string'],
    ['shop_add_to_cart', 'Adds a product to the cart.', 'product_id:string quantity:number'],
    ['shop_checkout', 'Places the order of the current cart.', 'payment_method:string'],
    ['shop_get_order', 'Status and tracking of an order.', 'order_id:string'],
    ['shop_list_orders', 'Lists the customer\'s past orders.', 'limit?:number'],
    ['shop_return_item', 'Starts a return for an item of an order.', 'order_id:string product_id:string reason:string'],
    ['shop_apply_coupon', 'Applies a coupon code to the cart.', 'code:string'],
    ['shop_compare_products', 'Compares products side by side: price, rating, features.', 'product_ids:string'],
  ],
  [
    ['billing_list_invoices', 'Lists invoices of a customer, paid or open, with amounts and due dates.', 'customer:string status?:string'],
    ['billing_get_invoice', 'Returns an invoice with its lines.', 'invoice_id:string'],
    ['billing_create_invoice', 'Creates an invoice for a customer.', 'customer:string amount:number description:string'],
    ['billing_send_reminder', 'Sends a payment reminder for an overdue invoice.', 'invoice_id:string'],
    ['billing_record_payment', 'Records a payment against an invoice.', 'invoice_id:string amount:number'],
    ['billing_get_balance', 'The outstanding balance of a customer.', 'customer:string'],
    ['billing_list_subscriptions', 'Lists a customer\'s subscriptions and plans.', 'customer:string'],
    ['billing_cancel_subscription', 'Cancels a subscription at the end of its period.', 'subscription_id:string'],
    ['billing_refund', 'Refunds a payment in full or in part.', 'payment_id:string amount?:number'],
  ],
  [
    ['chat_send_message', 'Posts a message to a team chat channel.', 'channel:string text:string'],
    ['chat_list_channels', 'Lists the chat channels the user is in.', ''],
    ['chat_read_channel', 'Returns the latest messages of a chat channel.', 'channel:string limit?:number'],
    ['chat_search_messages', 'Searches chat messages across channels.', 'query:string'],
    ['chat_send_direct_message', 'Sends a direct message to a colleague.', 'user:string text:string'],
    ['chat_create_channel', 'Creates a chat channel.', 'name:string private?:boolean'],
    ['chat_invite_user', 'Invites a colleague to a channel.', 'channel:string user:string'],
    ['chat_set_status', 'Sets the user\'s chat status.', 'text:string'],
    ['chat_pin_message', 'Pins a message in a channel.', 'channel:string message_id:string'],
  ],
  [
    ['db_run_query', 'Runs a read-only SQL query on the analytics database and returns the rows.', 'sql:string'],
    ['db_list_tables', 'Lists the tables of the analytics database.', ''],
    ['db_describe_table', 'Columns and types of a database table.', 'table:string'],
    ['db_export_csv', 'Exports the rows of a query as a CSV file.', 'sql:string'],
    ['db_table_row_count', 'Number of rows of a table.', 'table:string'],
    ['db_explain_query', 'The execution plan of a SQL query.', 'sql:string'],
    ['db_list_dashboards', 'Lists the saved analytics dashboards.', ''],
    ['db_get_dashboard', 'Returns the charts and figures of a dashboard.', 'dashboard_id:string'],
    ['db_refresh_dashboard', 'Recomputes a dashboard from fresh data.', 'dashboard_id:string'],
  ],
  [
    ['git_list_pull_requests', 'Lists open pull requests of a repository.', 'repo:string'],
    ['git_get_pull_request', 'Returns a pull request with its diff summary and reviews.', 'repo:string number:number'],
    ['git_create_pull_request', 'Opens a pull request from a branch.', 'repo:string branch:string title:string'],
    ['git_merge_pull_request', 'Merges a pull request.', 'repo:string number:number'],
    ['git_list_commits', 'Lists recent commits of a branch.', 'repo:string branch?:string'],
    ['git_get_file', 'Returns a file of a repository at a revision.', 'repo:string path:string ref?:string'],
    ['git_search_code', 'Searches code across repositories.', 'query:string'],
    ['git_list_workflow_runs', 'Lists CI runs of a repository with their results.', 'repo:string'],
    ['git_create_release', 'Publishes a release with notes.', 'repo:string tag:string notes:string'],
  ],
  [
    ['hr_get_employee', 'Returns an employee\'s record: team, manager, location, start date.', 'name:string'],
    ['hr_list_team', 'Lists the members of a team.', 'team:string'],
    ['hr_request_time_off', 'Files a time-off request.', 'start:string end:string reason?:string'],
    ['hr_get_time_off_balance', 'Days of leave an employee has left.', 'employee:string'],
    ['hr_list_holidays', 'Public holidays of an office for a year.', 'office:string year:number'],
    ['hr_get_org_chart', 'The reporting line above and below a person.', 'employee:string'],
    ['hr_list_open_positions', 'Lists open job positions.', 'department?:string'],
    ['hr_get_policy', 'Returns the text of an HR policy.', 'topic:string'],
    ['hr_submit_expense', 'Submits an expense claim with a receipt.', 'amount:number description:string'],
  ],
  [
    ['wiki_search_pages', 'Searches the company wiki for pages about a topic.', 'query:string'],
    ['wiki_get_page', 'Returns a page of the company wiki.', 'page_id:string'],
    ['wiki_create_page', 'Creates a page in the company wiki.', 'space:string title:string body:string'],
    ['wiki_update_page', 'Replaces the body of a wiki page.', 'page_id:string body:string'],
    ['wiki_list_spaces', 'Lists the spaces of the company wiki.', ''],
    ['wiki_get_page_history', 'Lists the edits of a wiki page.', 'page_id:string'],
    ['wiki_add_comment', 'Comments on a wiki page.', 'page_id:string comment:string'],
    ['wiki_list_children', 'Lists the child pages of a wiki page.', 'page_id:string'],
    ['wiki_move_page', 'Moves a wiki page under another parent.', 'page_id:string parent_id:string'],
  ],
  [
    ['news_search_articles', 'Searches recent news articles about a topic.', 'query:string from?:string'],
    ['news_top_headlines', 'Top headlines of a country or category.', 'country?:string category?:string'],
    ['news_get_article', 'Returns the text of a news article.', 'url:string'],
    ['news_list_sources', 'Lists the news sources covered.', 'country?:string'],
    ['news_summarize_topic', 'Summarises the news coverage of a topic over the last days.', 'topic:string days:number'],
    ['web_fetch_page', 'Fetches a web page and returns its text.', 'url:string'],
    ['web_screenshot', 'Takes a screenshot of a web page.', 'url:string'],
    ['web_check_status', 'Checks whether a website is up and how fast it answers.', 'url:string'],
    ['web_extract_links', 'Lists the links on a web page.', 'url:string'],
  ],
  [
    ['stats_compute_summary', 'Mean, median, standard deviation, minimum and maximum of a list of numbers.', 'values:string'],
    ['stats_linear_regression', 'Fits a straight line to pairs of numbers.', 'x_values:string y_values:string'],
    ['stats_correlation', 'Pearson correlation of two lists of numbers.', 'x_values:string y_values:string'],
    ['stats_percentile', 'A percentile of a list of numbers.', 'values:string percentile:number'],
    ['stats_histogram', 'Counts of a list of numbers in equal bins.', 'values:string bins:number'],
    ['units_convert', 'Converts a quantity between units (length, mass, temperature, volume).', 'value:number from_unit:string to_unit:string'],
    ['units_list', 'Lists the units a quantity can be converted between.', 'quantity:string'],
    ['datetime_now', 'The current date and time in a time zone.', 'timezone:string'],
    ['datetime_add', 'Adds days, hours or minutes to a date.', 'date:string amount:number unit:string'],
  ],
  [
    ['movies_get_showtimes', 'Cinema showtimes of a film near a place today.', 'title:string near:string'],
    ['movies_book_tickets', 'Books cinema tickets for a showtime.', 'showtime_id:string seats:number'],
    ['movies_list_now_playing', 'Films now playing in cinemas near a place.', 'near:string'],
    ['movies_list_upcoming', 'Films coming to cinemas in the next weeks.', 'country?:string'],
    ['music_search_tracks', 'Searches the music catalogue for tracks by title or artist.', 'query:string'],
    ['music_create_playlist', 'Creates a playlist from tracks.', 'name:string track_ids:string'],
    ['music_play', 'Plays a track on the user\'s speaker.', 'track_id:string'],
    ['podcasts_search', 'Searches podcast episodes by topic.', 'query:string'],
    ['books_search_catalogue', 'Searches a library catalogue for books, with availability.', 'query:string'],
  ],
  [
    ['sports_get_scores', 'Latest scores of a league\'s games.', 'league:string'],
    ['sports_get_standings', 'League table of a competition.', 'league:string season?:string'],
    ['sports_get_schedule', 'Upcoming games of a team.', 'team:string'],
    ['sports_get_player_stats', 'Season statistics of a player.', 'player:string season?:string'],
    ['recipes_search', 'Searches recipes by dish or ingredient.', 'query:string diet?:string'],
    ['recipes_get_nutrition', 'Calories and nutrients of a recipe per serving.', 'recipe_id:string'],
    ['fitness_log_workout', 'Logs a workout with its duration.', 'activity:string minutes:number'],
    ['fitness_get_summary', 'Steps, active minutes and sleep of a day.', 'date:string'],
    ['health_find_pharmacy', 'Finds open pharmacies near a place.', 'near:string'],
  ],
  [
    ['translate_text', 'Translates text into another language.', 'text:string target_language:string'],
    ['translate_detect_language', 'Detects the language of a text.', 'text:string'],
    ['text_summarize', 'Summarises a long text in a few sentences.', 'text:string max_sentences?:number'],
    ['text_extract_entities', 'Lists the people, places and organisations a text names.', 'text:string'],
    ['text_sentiment', 'Whether a text is positive, negative or neutral.', 'text:string'],
    ['text_spellcheck', 'Corrects the spelling of a text.', 'text:string'],
    ['ocr_image', 'Reads the text in an image.', 'image_url:string'],
    ['image_generate', 'Generates an image from a description.', 'prompt:string'],
    ['speech_transcribe', 'Transcribes an audio recording.', 'audio_url:string'],
  ],
  [
    ['support_list_tickets', 'Lists customer support tickets by status or customer.', 'status?:string customer?:string'],
    ['support_get_ticket', 'Returns a support ticket with its conversation.', 'ticket_id:string'],
    ['support_reply_ticket', 'Replies to the customer on a support ticket.', 'ticket_id:string body:string'],
    ['support_close_ticket', 'Closes a support ticket.', 'ticket_id:string'],
    ['support_escalate_ticket', 'Escalates a ticket to the second line.', 'ticket_id:string reason:string'],
    ['support_search_kb', 'Searches the help centre articles.', 'query:string'],
    ['support_get_csat', 'Customer satisfaction scores over a period.', 'start:string end:string'],
    ['support_tag_ticket', 'Adds tags to a ticket.', 'ticket_id:string tags:string'],
    ['support_merge_tickets', 'Merges duplicate tickets.', 'ticket_id:string duplicate_id:string'],
  ],
];

function toTool([name, description, parameters]: Row): CatalogueTool {
  const properties: Record<string, { type: string }> = {};
  const required: string[] = [];
  for (const parameter of parameters.split(' ').filter((item) => item !== '')) {
    const [key, type] = parameter.split(':') as [string, string];
    const optional = key.endsWith('?');
    const property = optional ? key.slice(0, -1) : key;
    properties[property] = { type };
    if (!optional) required.push(property);
  }
  return { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } };
}

/** The world's tools (`search`, `math`) as the latency benchmark defines them. */
export const WORLD_TOOLS: readonly CatalogueTool[] = TOOL_SPECS.map((spec) => spec as unknown as CatalogueTool);

/** The 198 decoys, service by service. */
export const DECOY_TOOLS: readonly CatalogueTool[] = SERVICES.flat().map(toTool);

/**
 * The whole catalogue: 200 tools, the decoys in service order with the world's two tools among them
 * (`search` after the wiki, `math` after the statistics), where a server listing would put them, not first.
 */
export const CATALOGUE: readonly CatalogueTool[] = (() => {
  const tools = [...DECOY_TOOLS];
  const [search, math] = WORLD_TOOLS as [CatalogueTool, CatalogueTool];
  tools.splice(tools.findIndex((tool) => tool.name === 'wiki_move_page') + 1, 0, search);
  tools.splice(tools.findIndex((tool) => tool.name === 'stats_histogram') + 1, 0, math);
  return tools;
})();
