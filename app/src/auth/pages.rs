//! Sign-up, sign-in, the account's own cards, first-organizer setup and the organizers' people list.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    AccountDone, ChangePassword, CreateFirstOrganizer, CurrentUser, PromoteToOrganizer,
    RequestPasswordReset, ResetDone, ResetPassword, SetAccountDisabled, SignIn, SignUp,
    get_current_user, list_people, reset_link_usable, setup_available,
};
use super::single_sign_on::{
    LinkUniversityAccount, SsoProblem, pending_link_email, single_sign_on,
};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::notice::{ErrorNotice, Loaded, load};
use crate::components::routing::done_flag;
use crate::components::table::StackedTable;
use crate::error::AppError;

/// Who is looking at the page, shared by the header and every page.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    epoch: RwSignal<u32>,
}

impl Viewer {
    /// Asks the server again, after signing in or out without a page load.
    pub fn refresh(&self) {
        self.epoch.update(|epoch| *epoch += 1);
    }

    /// Changes whenever the viewer may have changed: a resource keyed on it is fetched again
    /// after signing in or out without a page load.
    pub fn changes(&self) -> u32 {
        self.epoch.get()
    }
}

pub fn provide_viewer() {
    let epoch = RwSignal::new(0_u32);
    let user = load(move || epoch.get(), |_| get_current_user());
    provide_context(Viewer { user, epoch });
}

pub fn use_viewer() -> Viewer {
    expect_context::<Viewer>()
}

/// After a successful sign-in, sign-up or setup (with JavaScript), the header must learn of it.
fn refresh_viewer_on_success<I>(action: ServerAction<I>)
where
    I: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let viewer = use_viewer();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            viewer.refresh();
        }
    });
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action);
    refresh_viewer_on_success(action);
    let university = load(|| (), |_| single_sign_on());
    let query = use_query_map();
    let sso_problem = move || {
        let code = query.read().get("sso");
        SsoProblem::ALL
            .iter()
            .find(|problem| code.as_deref() == Some(problem.code()))
            .map(|problem| view! { <p class="alert alert--error" role="alert">{problem.label()}</p> })
    };
    view! {
        <Title text="Sign in · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Sign in"</h1>
            {sso_problem}
            <UniversitySignIn university />
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <FormAlert error />
                <Field label="Email" name="email" input_type="email" autocomplete="email" error />
                <PasswordField error />
                <button class="button" type="submit">"Sign in"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
            <p>"New to the program? " <a href="/sign-up">"Create an account"</a></p>
        </section>
    }
}

/// `/forgot-password`: asks for an address and sends a one-time link to it, saying the same
/// thing whether or not an account uses that address.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action);
    let sent = done_flag(ResetDone::Sent);
    view! {
        <Title text="Forgot your password? · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Set a new password"</h1>
            {move || sent.get().then(|| view! {
                <p class="alert alert--success" role="status">{ResetDone::Sent.label()}</p>
            })}
            <p>"Enter the email address you signed up with, and we will send you a link to choose a new password."</p>
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <FormAlert error />
                <Field label="Email" name="email" input_type="email" autocomplete="email" error />
                <button class="button" type="submit">"Send me a link"</button>
            </ActionForm>
            <p><a href="/sign-in">"Back to sign in"</a></p>
        </section>
    }
}

/// `/reset-password/:token`: the link from the email; a new password, once.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let usable = load(token, reset_link_usable);
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    refresh_viewer_on_success(action);
    view! {
        <Title text="Choose a new password · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Choose a new password"</h1>
            <Loaded resource=usable let:usable>
                {if usable {
                    view! {
                        <p>"Once it is saved, you are signed in here and signed out everywhere else."</p>
                        <ActionForm action=action attr:class="form" attr:novalidate="">
                            <FormAlert error />
                            <input type="hidden" name="token" value=token() />
                            <Field
                                label="New password"
                                name="new_password"
                                input_type="password"
                                autocomplete="new-password"
                                hint="At least 10 characters. A phrase of a few words works well."
                                error
                            />
                            <button class="button" type="submit">"Save my new password"</button>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="alert alert--error" role="alert">
                            "This link has expired or was already used."
                        </p>
                        <p><a href="/forgot-password">"Ask for a new link"</a></p>
                    }
                        .into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn NewAccountFields(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Field label="Your name" name="display_name" autocomplete="name" error />
        <Field label="Email" name="email" input_type="email" autocomplete="email" error />
        <Field
            label="Password"
            name="password"
            input_type="password"
            autocomplete="new-password"
            hint="At least 10 characters. A phrase of a few words works well."
            error
        />
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    refresh_viewer_on_success(action);
    let university = load(|| (), |_| single_sign_on());
    view! {
        <Title text="Create an account · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Create an account"</h1>
            <p>
                "Students, Library staff and alumni: create an account, then apply to this year's program as a mentee or a mentor."
            </p>
            <UniversitySignIn university />
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <FormAlert error />
                <NewAccountFields error />
                <button class="button" type="submit">"Create account"</button>
            </ActionForm>
            <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
        </section>
    }
}

/// The account page's own cards: who the person is, and changing the password.
#[component]
pub fn AccountCards(user: CurrentUser) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let changed_here = done_flag(AccountDone::Password);
    let changed = move || matches!(action.value().get(), Some(Ok(()))) || changed_here.get();
    let role = if user.is_organizer {
        "Organizer"
    } else {
        "Participant"
    };
    view! {
            <section class="card">
                <h2>"Details"</h2>
                <dl>
                    <dt>"Name"</dt>
                    <dd>{user.display_name}</dd>
                    <dt>"Email"</dt>
                    <dd>{user.email}</dd>
                    <dt>"Role"</dt>
                    <dd>{role}</dd>
                </dl>
            </section>
            <section class="card">
                <h2>"Change password"</h2>
                {move || {
                    changed()
                        .then(|| {
                            view! {
                                <p class="alert alert--success" role="status">
                                    {AccountDone::Password.label()}
                                </p>
                            }
                        })
                }}
                <ActionForm action=action attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <Field
                        label="Current password"
                        name="current_password"
                        input_type="password"
                        autocomplete="current-password"
                        error
                    />
                    <Field
                        label="New password"
                        name="new_password"
                        input_type="password"
                        autocomplete="new-password"
                        hint="At least 10 characters."
                        error
                    />
                    <button class="button" type="submit">"Change password"</button>
                </ActionForm>
            </section>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let available = load(token, setup_available);
    view! {
        <Title text="Set up Mentorship Hub" />
        <Loaded resource=available let:available>
            {if available {
                view! { <SetupForm token=token() /> }.into_any()
            } else {
                view! { <ErrorNotice error=AppError::NotFound /> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn SetupForm(token: String) -> impl IntoView {
    let action = ServerAction::<CreateFirstOrganizer>::new();
    let error = action_error(action);
    refresh_viewer_on_success(action);
    view! {
        <section class="card narrow">
            <h1>"Create the first organizer"</h1>
            <p>
                "This one-time page creates the account that runs the program. Once it exists, the page is gone; more organizers are promoted from the People page."
            </p>
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <input type="hidden" name="token" value=token />
                <FormAlert error />
                <NewAccountFields error />
                <button class="button" type="submit">"Create organizer account"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let promote = ServerAction::<PromoteToOrganizer>::new();
    let access = ServerAction::<SetAccountDisabled>::new();
    let people = load(
        move || (promote.version().get(), access.version().get()),
        |_| list_people(),
    );
    let error = action_error(promote);
    let access_error = action_error(access);
    view! {
        <Title text="People · Mentorship Hub" />
        <Loaded resource=people let:people>
            <h1>"People"</h1>
            <p>"Everyone with an account. Organizers can make another person an organizer, and disable an account: its sessions end at once and it cannot sign in until enabled again."</p>
            <FormAlert error />
            <FormAlert error=access_error />
            <StackedTable caption="People with an account" columns=vec!["Name", "Email", "Role", "Joined", "Actions"]>
                        {people
                            .into_iter()
                            .map(|person| view! { <PersonRow person promote access /> })
                            .collect_view()}
                    </StackedTable>
        </Loaded>
    }
}

#[component]
fn PersonRow(
    person: super::api::Person,
    promote: ServerAction<PromoteToOrganizer>,
    access: ServerAction<SetAccountDisabled>,
) -> impl IntoView {
    let role = match (person.is_organizer, person.disabled) {
        (_, true) => "Disabled",
        (true, false) => "Organizer",
        (false, false) => "Participant",
    };
    let (access_label, disable) = if person.disabled {
        ("Enable account", "false")
    } else {
        ("Disable account", "true")
    };
    // Visible text first, so voice control users can say what they see (WCAG 2.5.3).
    let whom = format!(" ({})", person.display_name);
    let whom_for_access = whom.clone();
    view! {
        <tr>
            <th scope="row">{person.display_name}</th>
            <td data-label="Email">{person.email}</td>
            <td data-label="Role">{role}</td>
            <td data-label="Joined">{person.joined_on}</td>
            <td>
                {(!person.is_organizer)
                    .then(|| {
                        view! {
                            <ActionForm action=promote>
                                <input type="hidden" name="user_id" value=person.id />
                                <button
                                    type="submit"
                                    class="button button--small button--secondary"
                                >
                                    "Make organizer"
                                    <span class="visually-hidden">{whom}</span>
                                </button>
                            </ActionForm>
                        }
                    })}
                <ActionForm action=access>
                    <input type="hidden" name="user_id" value=person.id />
                    <input type="hidden" name="disabled" value=disable />
                    <button type="submit" class="button button--small button--secondary">
                        {access_label}
                        <span class="visually-hidden">{whom_for_access}</span>
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The campus sign-on button, when single sign-on is configured: a link, so that it works without
/// JavaScript and its redirect to the university is a navigation, not a form's.
#[component]
fn UniversitySignIn(university: Resource<Result<Option<String>, AppError>>) -> impl IntoView {
    view! {
        <Loaded resource=university let:label>
            {label.map(|label| view! {
                <p><a class="button" href="/auth/oidc/login" rel="external">{label}</a></p>
                <p class="muted">"Or with your email and password:"</p>
            })}
        </Loaded>
    }
}

/// `/sign-in/link`: a campus sign-on named an address an account here already uses; its password,
/// once, links the two.
#[component]
pub fn LinkAccountPage() -> impl IntoView {
    let waiting = load(|| (), |_| pending_link_email());
    let action = ServerAction::<LinkUniversityAccount>::new();
    let error = action_error(action);
    refresh_viewer_on_success(action);
    view! {
        <Title text="Link your university account · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Link your university account"</h1>
            <Loaded resource=waiting let:email>
                {match email {
                    Some(email) => view! {
                        <p>
                            "An account here already uses " <strong class="break">{email}</strong>
                            ". Enter its password once to link it to your university account; after that, either way signs you in."
                        </p>
                        <ActionForm action=action attr:class="form" attr:novalidate="">
                            <FormAlert error />
                            <PasswordField error />
                            <button class="button" type="submit">"Link and sign in"</button>
                        </ActionForm>
                        <p><a href="/forgot-password">"Forgot your password?"</a></p>
                    }
                        .into_any(),
                    None => view! {
                        <p class="alert alert--error" role="alert">{SsoProblem::Expired.label()}</p>
                        <p><a href="/sign-in">"Back to sign in"</a></p>
                    }
                        .into_any(),
                }}
            </Loaded>
        </section>
    }
}

/// The account's own password, as signing in and linking a campus account ask for it.
#[component]
fn PasswordField(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Field
            label="Password"
            name="password"
            input_type="password"
            autocomplete="current-password"
            error
        />
    }
}
