//! `/app/products`: the catalogue with each product's priority (strategic,
//! standard, loss leader), which the compensation plan rewards. Owners and
//! admins add, edit, retire and relist products.

use crate::{
    components::{
        forms::{last_problem, FieldError, FormError},
        shell::use_session,
    },
    model::{format_money, SessionInfo},
    pages::sales_ui::{failed, Editor, Empty, Feedback, LoadError, NoSalesAccess, Toast},
    problem::Problem,
    sales_api::{load_products, CreateProduct, SetProductActive, UpdateProduct},
    sales_model::*,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateProduct>,
    update: ServerAction<UpdateProduct>,
    toggle: ServerAction<SetProductActive>,
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let session = use_session();
    let feedback = Feedback::new();
    let actions = Actions {
        create: ServerAction::new(),
        update: ServerAction::new(),
        toggle: ServerAction::new(),
    };
    feedback.watch(actions.create, |_| {
        "Product added to the catalogue.".to_owned()
    });
    feedback.watch(actions.update, |_| "Product saved.".to_owned());
    feedback.watch(actions.toggle, |_| "Product status changed.".to_owned());
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("priority").unwrap_or_default(),
            query.get("status").unwrap_or_default(),
        )
    });
    let products = Resource::new(
        move || (filters.get(), feedback.refresh.get()),
        |((priority, status), _)| load_products(priority, status),
    );
    view! {
        <Title text="Products · Attain"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(info)) = session.await else { return ().into_any() };
                if !info.sees_sales_data() {
                    return view! { <NoSalesAccess info/> }.into_any();
                }
                let products = products.await;
                let (priority, status) = filters.get_untracked();
                view! { <Products info products priority status actions/> }.into_any()
            })}
        </Transition>
        <Toast feedback/>
    }
    .into_any()
}

#[component]
fn Products(
    info: SessionInfo,
    products: Result<Vec<ProductRow>, Problem>,
    priority: String,
    status: String,
    actions: Actions,
) -> impl IntoView {
    let admin = info.is_admin();
    let csrf = info.csrf_token.clone();
    let add = admin.then(|| {
        let csrf = csrf.clone();
        view! {
            <Editor label="Add product" title="Add a product" class="btn btn-primary" testid="add-product" open_when=failed(last_problem(actions.create.value()))>
                <ProductForm csrf product=None actions/>
            </Editor>
        }
    });
    let header = view! {
        <div class="page-header">
            <div>
                <h1>"Products"</h1>
                <p class="muted">"What you sell, at which list price, and how much the company wants it sold: strategic products count more in incentive plans."</p>
            </div>
            <div class="page-actions">{add}</div>
        </div>
    };
    let products = match products {
        Ok(products) => products,
        Err(problem) => return view! { {header} <LoadError problem/> }.into_any(),
    };
    let count = |p: &str| {
        products
            .iter()
            .filter(|x| x.active && x.priority == p)
            .count()
    };
    let tiles = PRIORITIES.map(|(key, label)| (key, label, count(key)));
    let filtered = !(priority.is_empty() && status.is_empty());
    view! {
        {header}
        <div class="priority-tiles">
            {tiles.into_iter().map(|(key, label, n)| view! {
                <a class=format!("priority-tile priority-tile-{key}") href=format!("/app/products?priority={key}") aria-current=(priority == key).then_some("true")>
                    <span class="stat-label">{label}</span>
                    <span class="stat-value">{n.to_string()}</span>
                </a>
            }).collect_view()}
        </div>
        <Form method="get" action="/app/products" attr:class="filters filters-fill">
            <label class="sr-only" for="filter-priority">"Priority"</label>
            <select id="filter-priority" name="priority">
                <option value="">"All priorities"</option>
                {PRIORITIES.iter().map(|(key, label)| view! { <option value=*key selected=*key == priority>{*label}</option> }).collect_view()}
            </select>
            <label class="sr-only" for="filter-status">"Status"</label>
            <select id="filter-status" name="status">
                <option value="">"Listed and retired"</option>
                <option value="active" selected=status == "active">"Listed"</option>
                <option value="retired" selected=status == "retired">"Retired"</option>
            </select>
            <button class="btn btn-secondary btn-small" type="submit">"Apply"</button>
            {filtered.then(|| view! { <a class="btn-link" href="/app/products">"Clear filters"</a> })}
        </Form>
        {if products.is_empty() {
            view! {
                <Empty title="No products here" text=if filtered {
                    "No product matches these filters."
                } else if admin {
                    "Add your catalogue: deals get product lines, and plans reward your priorities."
                } else {
                    "An admin has not added your catalogue yet."
                }/>
            }.into_any()
        } else {
            view! {
                <div class="table-wrap sales-wrap">
                    <table class="table" data-testid="product-table">
                        <thead><tr>
                            <th>"Product"</th><th>"Category"</th><th class="num">"List price"</th><th>"Priority"</th><th>"Status"</th>
                            {admin.then(|| view! { <th><span class="sr-only">"Actions"</span></th> })}
                        </tr></thead>
                        <tbody>
                            {products.into_iter().map(|product| view! { <ProductLine product csrf=csrf.clone() admin actions/> }.into_any()).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn ProductLine(product: ProductRow, csrf: String, admin: bool, actions: Actions) -> impl IntoView {
    let toggle_problem = last_problem(actions.toggle.value());
    let actions_cell = admin.then(|| {
        let p = product.clone();
        let (edit_csrf, edit_product) = (csrf.clone(), p.clone());
        let (title, testid) = (format!("Edit {}", p.name), format!("edit-{}", p.name));
        let (product_id, version, active) = (p.id.clone(), p.version.to_string(), p.active);
        view! {
            <td>
                <div class="row-actions">
                    <Editor label="Edit" title testid>
                        <ProductForm csrf=edit_csrf product=Some(edit_product) actions/>
                    </Editor>
                    <ActionForm action=actions.toggle attr:class="inline">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="product_id" value=product_id/>
                        <input type="hidden" name="version" value=version/>
                        <input type="hidden" name="active" value=if active { "false" } else { "true" }/>
                        <button class="btn-link" type="submit">{if active { "Retire" } else { "List again" }}</button>
                    </ActionForm>
                </div>
                <FormError problem=toggle_problem/>
            </td>
        }
    });
    view! {
        <tr data-testid=format!("product-{}", product.name) class=(!product.active).then_some("row-muted")>
            <td><strong>{product.name.clone()}</strong></td>
            <td>{if product.category.is_empty() { "—".to_owned() } else { product.category.clone() }}</td>
            <td class="num">{format_money(&product.list_price, &product.currency)}</td>
            <td><span class=priority_badge(&product.priority)>{priority_label(&product.priority).to_owned()}</span></td>
            <td>{if product.active {
                view! { <span class="badge badge-ahead">"Listed"</span> }.into_any()
            } else {
                view! { <span class="badge badge-neutral">"Retired"</span> }.into_any()
            }}</td>
            {actions_cell}
        </tr>
    }
    .into_any()
}

/// The add form (`product` None) or the edit form of one product.
#[component]
fn ProductForm(csrf: String, product: Option<ProductRow>, actions: Actions) -> impl IntoView {
    let p = product.clone().unwrap_or(ProductRow {
        id: String::new(),
        name: String::new(),
        category: String::new(),
        list_price: String::new(),
        currency: "USD".into(),
        priority: "standard".into(),
        active: true,
        version: 0,
    });
    let prefix = if product.is_some() {
        format!("product-{}", p.id)
    } else {
        "new-product".to_owned()
    };
    let fields = move |problem: Signal<Option<Problem>>| {
        let id = |name: &str| format!("{prefix}-{name}");
        view! {
            <div class="field">
                <label for=id("name")>"Name"</label>
                <input id=id("name") name="name" value=p.name.clone() required=true/>
                <FieldError problem field="name"/>
            </div>
            <div class="field">
                <label for=id("category")>"Category"</label>
                <input id=id("category") name="category" value=p.category.clone() placeholder="Platform, services, add-on…"/>
                <FieldError problem field="category"/>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for=id("price")>"List price"</label>
                    <input id=id("price") name="list_price" inputmode="decimal" value=p.list_price.clone() required=true placeholder="1200.00"/>
                    <FieldError problem field="list_price"/>
                </div>
                <div class="field">
                    <label for=id("currency")>"Currency"</label>
                    <input id=id("currency") name="currency" value=p.currency.clone() maxlength="3" required=true/>
                    <FieldError problem field="currency"/>
                </div>
            </div>
            <div class="field">
                <label for=id("priority")>"Priority"</label>
                <select id=id("priority") name="priority">
                    {PRIORITIES.iter().map(|(key, label)| view! { <option value=*key selected=*key == p.priority>{*label}</option> }).collect_view()}
                </select>
                <p class="hint">"Strategic products weigh more in plans (for example 1.5×), loss leaders less."</p>
                <FieldError problem field="priority"/>
            </div>
            <FormError problem fields=&["name", "category", "list_price", "currency", "priority"]/>
        }
    };
    match product {
        None => {
            let problem = last_problem(actions.create.value());
            view! {
                <ActionForm action=actions.create attr:class="form" attr:data-testid="product-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Add product"</button></div>
                </ActionForm>
            }
            .into_any()
        }
        Some(product) => {
            let problem = last_problem(actions.update.value());
            view! {
                <ActionForm action=actions.update attr:class="form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="product_id" value=product.id.clone()/>
                    <input type="hidden" name="version" value=product.version.to_string()/>
                    {fields(problem)}
                    <div class="form-actions"><button class="btn btn-primary" type="submit">"Save"</button></div>
                </ActionForm>
            }
            .into_any()
        }
    }
}
