<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Record an action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once a week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once a month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>once a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store gives no points for actions at the till (the rules&apos; &quot;actions&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: already recorded — nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {points}. New balance {balance}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivityPanel</name>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions: none recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number} — balance {balance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive adds points, negative removes them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (required), e.g. goodwill for a late order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Points:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjusting {points} needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiSettingsBox</name>
    <message>
        <source>Local API for the store&apos;s POS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Answer the POS on this computer (127.0.0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every call of the POS needs a token. The API&apos;s description is at /docs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save API settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name for the POS, e.g. main-till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Make a token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revoke its token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: made {made} by {who}, {used}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last used {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the local API needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making an API token needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token for {name}: copy it into the POS now — it is shown only this once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoking an API token needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of {name} is revoked: its next call is refused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkCreateScreen</name>
    <message>
        <source>Create a batch of unassigned card numbers to print and hand out later. Either every card is created, or — if you cancel — none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many digits each card number has, check digit included (13 prints as EAN-13)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>digits the numbers start with (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Spring 2026 flyers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;How many cards:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number &amp;length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number &amp;prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop: no cards are created (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print batch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the selected batch as barcoded cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export numbers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected batch&apos;s numbers as CSV, for a card-printing company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating {count}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch “{name}”: {count} created — {scheme}, in no particular order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: no cards were created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cards could not be created: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the batch&apos;s card numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} of batch {batch} saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random {length}-digit numbers starting with {prefix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random {length}-digit numbers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CampaignsScreen</name>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected pending messages (all when none is selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a date such as 2026-11-29</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} → {1} &lt;{2}&gt; ({3})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page {0} of {1} — {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the trigger log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardDetail</name>
    <message>
        <source>Select a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjust points…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace lost card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspend or reactivate the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print this card again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s own data: export it at their request, or forget them (manager)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export customer data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything the store holds about this customer, as a JSON file, for their request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget customer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase the customer&apos;s personal details for good, at their request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unassigned (not given to a customer yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suspended — earns and spends nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced by {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{points} by {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{points} by {manager}: {reason}. New balance {balance}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace lost card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the new pre-printed card, or leave empty to create a new number.
The balance and history move to the new card; {old} stops working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacing a card moves its balance: a manager must enter their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{old} was replaced by {new}; {balance} moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reactivate card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspend card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why? (kept in the audit log; a manager&apos;s PIN is asked next)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manager must enter their PIN to allow this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} is active again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{number} is suspended: it earns and spends nothing until reactivated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer details saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the customer&apos;s data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A customer&apos;s data leaves the till: a manager must enter their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s data ({records}) saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer is forgotten: now {name}; {cards} suspended, their points kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardsModel</name>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardsScreen</name>
    <message>
        <source>Search: card number, phone, email or name (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by status (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number ↑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than {count:,} cards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Scan a card or a product — or type a phone, email or name, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan or search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol a customer on this card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record an action… (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A review, a social share…: points for the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewards (Alt+number)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward: cost → what it gives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points to use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points to use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SKU (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the line (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order &amp;total (F4):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;x:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;hipping:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit sale — F12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{carts} from the POS waiting: the next opens when this sale is committed or cleared (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>carts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cart from {sender} ({what}, order {order}): scan the card, apply rewards, F12 commits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sale is being committed right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a total of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sale is in progress ({what}) and not committed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No card or customer matches “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has no card yet: give them one on the Enrol screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number} has not been given to a customer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol a customer on card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {old} was replaced by {new}: ask for the new card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the customer&apos;s card first, then F7 records an action for them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales without a card earn no points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUSPENDED — earns and spends nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier: {tier}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{points} expire by {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit price: is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit price: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name: is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price: is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>price: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 point → {rate} off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (up to {money} now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, from {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} off {target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (at most {cap})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free {product}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{product} instead of {sku}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{money} off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the active rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coupon → free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coupon → free, until {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupon {code}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken off {reward}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{amount} has more decimals than {currency} allows ({places})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {n} ({sku})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add lines (F3) or an order total (F4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The points are added when the order is fulfilled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a card to earn points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to commit: add lines (F3) or an order total (F4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discount larger than the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The discount {discount} is larger than the order ({subtotal}). Commit the sale with it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy — press F12 to try again. Nothing was charged yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sale did not go through ({error}). Press F12 to try again: it will not be charged twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order} was already committed; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order} committed: {total}. No card, no points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order} committed: {total}. Earned {earned}, spent {spent}. New balance: {balance}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{points} will be added when the order is fulfilled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocked: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: reached, nothing issued ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coupon {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {what} issued — e-mail queued.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CouponPanel</name>
    <message>
        <source>Coupons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue coupon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take back the selected coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected coupon on an 80 mm slip with its barcode, to hand to the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>milestone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used on order {order}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>void by {who}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired on {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupon {code} for {reward} issued by {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the coupon slip as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slip of coupon {code} saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void coupon {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why? (kept in the audit log; a manager&apos;s PIN is asked next)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voiding a coupon needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupon {code} is void.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Edit customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrees to receive offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hello</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your balance: {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order earns {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your balance: {points} → {after} after this order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewards you can take now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to {store}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show your loyalty card to earn points</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmailSettingsBox</name>
    <message>
        <source>E-mail to customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smtp.example.com (empty: no e-mail is sent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (local relay only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to keep the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save e-mail settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send waiting e-mails now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sender address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{pending} waiting, {sent} sent, {doubt} in doubt, {failed} failed, {blocked} blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the e-mail settings needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrolScreen</name>
    <message>
        <source>Enrol a new customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name, and a phone number or an email address. Then give a new card or scan a pre-printed one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Ann Smith</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. +44 7700 900123</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. ann@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agrees to receive &amp;offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, MM-DD, e.g. 04-23</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s birthday (month and day; a year typed is not kept): birthday points, if the store gives them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Birthday:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marketing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;w card (a number is created now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-p&amp;rinted card (scan it below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scan the card&apos;s barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A barcode scanner types the number and Enter, which enrols the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card n&amp;umber:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol the customer and give the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scan the pre-printed card, or choose a new card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pre-printed card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a new card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is enrolled with {given}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ {number} is a new card, ready to give</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExceptionsModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card / customer / coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card overdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card number issued twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer enrolled twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coupon used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward given twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger bonus given twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time} by {name}: {note}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForgetDialog</name>
    <message>
        <source>Forget customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s name, phone, e-mail and birthday are erased for good from every record of this store, and from the texts that quote them. Their orders and points stay, anonymous, so the accounts add up; their cards are suspended. E-mails not yet sent to them are never sent.

This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (required), e.g. request by e-mail of 2 May</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type &amp;their name to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget for good…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type the customer&apos;s name exactly as shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgetting {name} cannot be undone: a manager must enter their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>milestone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>campaign</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssueCouponDialog</name>
    <message>
        <source>Issue a coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number}: the customer takes the reward once, at a later checkout, for no points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (required), e.g. sorry for the wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD, or empty: never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;ward:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Last day:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The active rules have no discount or product reward to give.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuing a coupon needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>Local API off: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local API off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local API on {url}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>POS Loyalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulk create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave this screen?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave it unfinished? It stays on the {screen} screen until you come back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cart from the POS waits on the checkout (Ctrl+1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled: {name}, card {number}. Ready to sell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rules active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules: {name} {version}, synced {synced}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — next: {version} from {moment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules: {name} {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>go to {screen}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this list of shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lock the till (sign in again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sync with the hub now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open or close the customer display (second screen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>look up the scanned card, or search phone, email, name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>into the search matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the scan field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a line (Enter adds it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>order total (no lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove the selected line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply or remove reward 1…9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply or remove the selected reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>record an action (a review, a share…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commit the sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new sale (Esc in the scan field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>print the loyalty slip of the last sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enrol the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clear the form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>order id or card number (Enter finds, ↓ into the orders)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantities to refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund by lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancel the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confirm the refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>search cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>filter by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reload the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjust points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replace a lost card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suspend or reactivate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edit the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reprint the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issue a coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>void the selected coupon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create the cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancel the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>print the selected batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export the selected batch&apos;s numbers as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import a rules bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the store details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export the trigger log as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>previous page of the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next page of the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolve the selected exception (manager PIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge a duplicate customer (manager PIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the report again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export the table on show as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>save the chart on show as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close POS Loyalty?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close anyway? What is not committed is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManualLineDialog</name>
    <message>
        <source>Unknown barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{code} is not in the catalogue. Sell it as a line of its own:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;SKU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Collection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add line (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MilestonePanel</name>
    <message>
        <source>Milestones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(managers only: never shown to customers)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Manager PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manager must enter their PIN to allow this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>Render preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the cards as a PDF file (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the cards to a printer (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print batch {name} ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint card {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendering {count}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot show the PDF: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{cards} on {pages}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save cards as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving {count}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent {pages} to {printer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSettingsBox</name>
    <message>
        <source>Receipt printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network (host:port)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>USB (vendor:product ids)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device file (/dev/usb/lp0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters a line: 42 or 48 on 80 mm paper, 32 on 58 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the loyalty slip after every sale with a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save printer settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters a line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the receipt printer needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefundScreen</name>
    <message>
        <source>paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refund all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancellation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Order (F2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order id from the receipt, or a card number — then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order id or card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find the order, or the card&apos;s orders (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to refund — quantities: F3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By lines — F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund all — F6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel order — F7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund the quantities picked below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund everything not refunded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the whole order (before anything was refunded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier refunds of this order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will be reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money to give back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points given back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm refund — F12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the refund shown above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card {number} has no orders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent orders of card {number} — ↓ and Enter to pick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the order in the list above (↓, then Enter).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan or type the order id from the receipt (F2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · card {number} · balance {balance} points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold without a card: no points to reverse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded so far {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earned {earned} · spent {spent}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not added yet: waiting for fulfilment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — free with reward {reward}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A free line of a reward: it goes with the order, not on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity of {sku} to refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 to {most} (↑ ↓ or type)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} · {kind} · {amount} · {reversed} / {returned} points · {user} · {refund}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚑ balance went below zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {position} ({sku}): {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find an order first: F2, then scan or type its id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This order is {status}: nothing is left to refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the quantities to refund (F3), or choose Refund all (F6) or Cancel order (F7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rule}: {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing of the order is left after this: it becomes {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {points} it spent are given back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rest of the order stays; its points are reversed in proportion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {points} it spent come back only when the whole order is refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold without a card: no points change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its points were never added (waiting for fulfilment): nothing is taken from the balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance will go below zero: the refund is made and flagged for the manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund is being made right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund of order {order} is picked and not confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to refund: find an order and pick what to refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund above {limit} needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not refunded: a manager must allow a refund of this amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is busy — press F12 to try again. Nothing was refunded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund did not go through ({error}). Press F12 to try again: it will not refund twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund {refund} done: give back {amount}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reversed} reversed, {returned} given back. New balance: {balance}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(It had already gone through: nothing was done twice.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance is now {balance} — below zero. The refund is flagged for the manager.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <source>{title} (the first {count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports are for managers. A manager&apos;s PIN opens them until someone else signs in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open with a manager&apos;s PIN…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day of the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day of the report (included)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A range ending today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group the time series by day, week (from Monday) or month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the report again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the table on show as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart on show as a PNG picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports are for managers: a manager must enter their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All stores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: {description} {start} to {end}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read {moment}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} of “{table}” saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>png: {path} could not be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart “{table}” saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulesScreen</name>
    <message>
        <source>Import bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a rules bundle from a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checksum:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The active programme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rules are active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{moment} by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a rules bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules bundles (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import an empty programme?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This bundle has no earning rules and no rewards: customers would earn and spend nothing. Import it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported: the bundle has no earning rules and no rewards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New rules change what every sale earns: a manager must enter their PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported: no manager allowed it. The rules shown are still active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundle was rejected: 1 problem, listed below. The rules shown are still active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundle was rejected: {count} problems, listed below. The rules shown are still active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {version} is now active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {version} is already active; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To use another database, start the app with --db PATH (a SQLite file or a postgresql:// URL) or set the POS_LOYALTY_DB environment variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The computer&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed under the store&apos;s name on every card; empty: the default in the app&apos;s language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save store details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Countr&amp;y of phone numbers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest order &amp;total:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest &amp;quantity on a line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most points for one or&amp;der:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card ta&amp;gline:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two letters (GB, FR, US…): numbers typed without +country code are read as this country&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change a PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Current PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New P&amp;IN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New PIN &amp;again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PINs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deactivate / activate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make manager / cashier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their &amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds needing a manager, above:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for the PIN again after (idle minutes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortest cashier PIN (digits):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortest manager PIN (digits):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PINs before a lockout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lockout (minutes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location: {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{currency} (set by the rules bundle)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— (no rules active)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager PINs typed without a name are locked at this till until {when} (too many wrong ones); a manager signing in reopens it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked until {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the store logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the store settings needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The new language is used from the next start of the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the two new PINs are not the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PIN of {name} was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding a user needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deactivating or activating a user needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing a user&apos;s role needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking a user needs a manager&apos;s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome: create the store&apos;s manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one can sign in yet. Create the store&apos;s first manager: they can then add cashiers and allow manager-only actions. A manager&apos;s PIN has at least {digits} digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager&apos;s &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN &amp;again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked: sign in to continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The till was left idle or locked. Choose your name and type your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your name and type your PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the two PINs are not the same</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlipPrinter</name>
    <message>
        <source>No sale with a card yet: Ctrl+P prints the slip of the last one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loyalty slip of {order} printed on the {printer}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order {order} is committed, but its loyalty slip did not print: {why}. Ctrl+P tries again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncExceptionsScreen</name>
    <message>
        <source>Sync exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show resolved ones too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. points adjusted, customers merged, customer paid the difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected exception settled on the hub (manager PIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge customers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One person enrolled twice: their cards and orders become one customer&apos;s (manager PIN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till is not attached to a hub: sync has nothing to report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} for a manager. Settle each (an adjustment, a merge…), then resolve it with a note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open exceptions: every till&apos;s sales merged cleanly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manager&apos;s PIN resolves the exception {what} — {subject}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A manager&apos;s PIN merges the two customers of {subject} into one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved; the other tills see it at their next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not resolve it: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Not attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This till is not attached to a hub: it works on its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synced {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exceptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no points or coupons taken offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline, spending up to the last synced balance less {points}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub: {hub}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till: {till} · Store: {store}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to be sent: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline redemption: {margin}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exceptions for a manager: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click or Ctrl+Shift+Y: sync now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TriggerLogModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (taken back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coupon {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>POS Loyalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong and was logged: {error}
Your last action may not have completed; nothing half-done was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be opened: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cards</name>
    <message>
        <source>LOYALTY CARD</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>formats</name>
    <message>
        <source>point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
